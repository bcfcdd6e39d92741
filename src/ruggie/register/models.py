"""The supply-chain register: suppliers, their sites, and who sells to whom.

Every table carries ``organisation``: the tenant that keeps this register. Suppliers are
records in a buyer's register, not shared tenants (a supplier organisation keeps its own).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

SHARE = [MinValueValidator(0), MaxValueValidator(1)]


class Tag(models.Model):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="unique_tag")]

    def __str__(self) -> str:
        return self.name


class Commodity(models.Model):
    """A commodity or product. Built-in entries come from data/commodities.yaml
    (organisation empty); an organisation may add its own."""

    organisation = models.ForeignKey("accounts.Organisation", null=True, blank=True, on_delete=models.CASCADE)
    code = models.SlugField(max_length=64)
    name = models.CharField(max_length=255)
    hs_codes = models.JSONField(default=list, blank=True, help_text="HS headings, e.g. ['1801'].")
    aliases = models.JSONField(default=list, blank=True, help_text="Other ways people write it.")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="unique_commodity_code"),
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(organisation=None), name="unique_builtin_commodity"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Supplier(models.Model):
    # db_index=False: every index of this table starts with organisation, so a separate
    # one would only slow down imports.
    # No database constraint on the tenant column, on the tag and commodity links (here and
    # below), or on the audit log's: deletes still cascade, in the ORM, and the checks cost
    # a third of storing a 100,000-row import on PostgreSQL (decision 0012).
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, db_index=False, db_constraint=False
    )
    name = models.CharField(_("legal name"), max_length=255)
    name_normalised = models.CharField(
        max_length=255, help_text="Lower-case, legal forms unified; for search and matching."
    )
    other_names = models.JSONField(default=list, blank=True)
    registration_id = models.CharField(_("registration / tax id"), max_length=100, blank=True)
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2.")
    website = models.URLField(max_length=500, blank=True)
    external_id = models.CharField(
        _("your supplier code"), max_length=100, blank=True, help_text="The buyer's own code."
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="suppliers", db_constraint=False)
    # The supplier's own ruggie organisation, once the buyer has linked it: its members
    # see and update the corrective actions assigned to the supplier, and nothing else.
    account = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="customer_records",
        limit_choices_to={"kind": "supplier"},
        help_text="The supplier's own organisation in ruggie, if it has one.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_normalised", "id"]
        indexes = [
            # The list's order, id included: PostgreSQL then reads a page straight off the
            # index instead of re-sorting every name tie (SQLite appends the rowid anyway).
            models.Index(fields=["organisation", "name_normalised", "id"]),
            models.Index(fields=["organisation", "country", "name_normalised"]),
            models.Index(fields=["organisation", "external_id"]),
            models.Index(fields=["organisation", "registration_id"]),
        ]

    def __str__(self) -> str:
        return self.name


class Site(models.Model):
    """A physical workplace (factory, farm, warehouse, mine): where the workers are."""

    # db_index=False: every index of this table starts with organisation, so a separate
    # one would only slow down imports.
    organisation = models.ForeignKey(  # no database constraint: see Supplier.organisation
        "accounts.Organisation", on_delete=models.CASCADE, db_index=False, db_constraint=False
    )
    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(max_length=255)
    address = models.TextField(blank=True)
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2.")
    region = models.CharField(max_length=255, blank=True)
    latitude = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    sector = models.CharField(max_length=8, blank=True, help_text="ISIC Rev.4 code.")
    commodities = models.ManyToManyField(Commodity, blank=True, related_name="sites", db_constraint=False)
    headcount = models.PositiveIntegerField(null=True, blank=True)
    women_share = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True, validators=SHARE)
    migrant_share = models.DecimalField(
        max_digits=5, decimal_places=4, null=True, blank=True, validators=SHARE
    )
    temporary_share = models.DecimalField(
        max_digits=5, decimal_places=4, null=True, blank=True, validators=SHARE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        # supplier last: the list's country filter reads supplier ids off the index alone.
        indexes = [models.Index(fields=["organisation", "country", "supplier"])]

    def __str__(self) -> str:
        return self.name


class Relationship(models.Model):
    """A buying relationship. ``buyer_supplier`` empty means the organisation itself buys
    (tier 1); otherwise the supplier sells to that tier-(n-1) supplier."""

    # db_index=False: every index of this table starts with organisation, so a separate
    # one would only slow down imports.
    organisation = models.ForeignKey(  # no database constraint: see Supplier.organisation
        "accounts.Organisation", on_delete=models.CASCADE, db_index=False, db_constraint=False
    )
    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="relationships")
    buyer_supplier = models.ForeignKey(
        Supplier, null=True, blank=True, on_delete=models.CASCADE, related_name="sub_relationships"
    )
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.SET_NULL)
    tier = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    spend = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # supplier last: the list's tier filter reads supplier ids off the index alone.
        indexes = [models.Index(fields=["organisation", "tier", "supplier"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="relationship_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"tier {self.tier}: {self.supplier}"


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    PREVIEWED = "previewed", _("Ready to commit")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """One upload of a supplier list, from upload through mapping and preview to commit."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    filename = models.CharField(max_length=255)
    content = models.BinaryField(help_text="The file as uploaded, until the import is done.")
    mapping = models.JSONField(default=dict, blank=True, help_text="{field: column index}")
    decisions = models.JSONField(default=dict, blank=True, help_text="Merge decisions from the preview.")
    mode = models.CharField(max_length=16, default="valid_only")
    status = models.CharField(max_length=16, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    progress = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
