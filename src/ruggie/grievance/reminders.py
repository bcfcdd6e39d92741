"""Daily alerts about cases past their stage's deadline (``ruggie grievance remind``).

Each handler gets one e-mail listing their overdue cases; cases nobody handles go to every
handler and admin of the organisation. The e-mail carries case references, stages and due
dates only: never a word of what a reporter wrote (e-mail is not sealed).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils import timezone

from ruggie.accounts.models import Membership, Role
from ruggie.grievance.domain.workflow import LABELS, OPEN, Deadlines, State, is_overdue
from ruggie.grievance.models import Case


def send_overdue_alerts(*, today: date | None = None, deadlines: Deadlines | None = None) -> int:
    day = today or timezone.localdate()
    rules = deadlines or Deadlines()
    lines: dict[str, list[str]] = defaultdict(list)
    open_cases = Case.objects.filter(state__in=[s.value for s in OPEN]).select_related(
        "handler", "organisation"
    )
    team: dict[int, list[str]] = {}
    for case in open_cases.order_by("organisation_id", "received_on"):
        state = State(case.state)
        if not is_overdue(state, case.state_since, day, rules):
            continue
        due = rules.due_on(state, case.state_since)
        line = f"{case.organisation.name}: case {case.reference}, {LABELS[state].lower()}, due {due:%d %b %Y}"
        if case.handler is not None and case.handler.email:
            lines[case.handler.email].append(line)
            continue
        if case.organisation_id not in team:
            team[case.organisation_id] = sorted(
                {
                    e
                    for e in Membership.objects.filter(
                        organisation_id=case.organisation_id, role__in=(Role.ADMIN, Role.HANDLER)
                    ).values_list("user__email", flat=True)
                    if e
                }
            )
        for email in team[case.organisation_id]:
            lines[email].append(line + " (no handler yet)")
    site = settings.RUGGIE_SITE_URL
    messages = [
        (
            f"ruggie: {len(items)} grievance case(s) past their deadline",
            "These cases are past their stage's deadline. Open them at "
            f"{site}/grievance/ to act or say to the reporter why it takes longer.\n\n" + "\n".join(items),
            None,
            [email],
        )
        for email, items in sorted(lines.items())
    ]
    send_mass_mail(messages, fail_silently=False)
    return len(messages)
