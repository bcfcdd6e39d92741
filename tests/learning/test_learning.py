"""Learning modules: content that checks itself, grading, attempts, the step pages that teach,
and who sees whose progress (own organisation and linked suppliers, never answers)."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from ruggie.accounts.models import Membership, Organisation
from ruggie.learning.domain.modules import grade, modules, step_modules, step_teaching
from ruggie.learning.models import ModuleAttempt
from ruggie.register.models import Supplier
from tests.conftest import signed_in


def test_every_module_has_sections_and_questions_with_a_valid_answer() -> None:
    found = modules()
    assert set(found) == {
        "forced_labour_indicators",
        "employer_pays",
        "grievance_mechanisms",
        "remedy",
        "salience",
    }
    for m in found.values():
        assert m.sections and len(m.questions) >= 3 and m.source
        assert all(0 <= q.answer < len(q.choices) and q.explain for q in m.questions)
    teaching = step_teaching()
    assert set(teaching) == {"embed", "identify", "prevent", "track", "communicate", "remedy"}
    assert all({"asks", "why", "good", "example"} <= set(t) for t in teaching.values())
    assert all(code in found for codes in step_modules().values() for code in codes)


def test_grading_allows_one_slip_but_not_two() -> None:
    m = modules()["employer_pays"]
    right = {i: q.answer for i, q in enumerate(m.questions)}
    assert grade(m, right).passed and grade(m, right).score == 3
    one_wrong = {**right, 0: (m.questions[0].answer + 1) % len(m.questions[0].choices)}
    assert grade(m, one_wrong).passed
    two_wrong = {**one_wrong, 1: None}
    result = grade(m, two_wrong)
    assert (
        not result.passed and result.score == 1 and [x.right for x in result.marked] == [False, False, True]
    )


def test_taking_a_module_on_the_page(analyst_client: Client, analyst: Membership) -> None:
    m = modules()["forced_labour_indicators"]
    page = analyst_client.get("/learn/forced_labour_indicators/").content.decode()
    assert "Retention of identity documents" in page or "retention of identity documents" in page
    wrong = {f"q{i}": str((q.answer + 1) % len(q.choices)) for i, q in enumerate(m.questions)}
    page = analyst_client.post("/learn/forced_labour_indicators/", wrong).content.decode()
    assert "Not quite." in page and "try again" in page
    right = {f"q{i}": str(q.answer) for i, q in enumerate(m.questions)}
    page = analyst_client.post("/learn/forced_labour_indicators/", {**right, "q0": "99"}).content.decode()
    assert "Module completed: 2 of 3 right." in page  # a tampered answer counts as unanswered
    assert ModuleAttempt.objects.filter(user=analyst.user).count() == 2
    assert "completed" in analyst_client.get("/learn/").content.decode()


def test_step_pages_teach_and_link_modules(analyst_client: Client) -> None:
    page = analyst_client.get("/steps/prevent/").content.decode()
    assert "What this step asks" in page and "Employer Pays Principle" in page


def test_progress_shows_own_people_and_linked_suppliers_only(
    org: Organisation, analyst: Membership, make_org: Callable[..., Organisation],
    make_member: Callable[..., Membership],
) -> None:  # fmt: skip
    supplier_org = make_org("stitch", kind="supplier")
    supplier_person = make_member(supplier_org, "admin", email="hr@stitch.example")
    stranger = make_member(make_org("stranger", kind="supplier"), "admin", email="hr@stranger.example")
    Supplier.objects.create(organisation=org, name="Stitch Co", country="VN", account=supplier_org)
    m = modules()["remedy"]
    right = {f"q{i}": str(q.answer) for i, q in enumerate(m.questions)}
    signed_in(supplier_person).post("/learn/remedy/", right)
    signed_in(stranger).post("/learn/remedy/", right)
    page = signed_in(analyst).get("/learn/progress/").content.decode()
    assert "hr@stitch.example" in page and "✓" in page and "hr@stranger.example" not in page
    assert "supplier" in page
    # The supplier does not see its buyer's people; a viewer does not see the list at all.
    assert analyst.user.email not in signed_in(supplier_person).get("/learn/progress/").content.decode()
    assert (
        signed_in(make_member(org, "viewer", email="v@acme.example")).get("/learn/progress/").status_code
        == 403
    )


def test_a_translation_is_a_file_per_language_and_english_is_the_fallback() -> None:
    assert modules("fr") == modules("en")  # no French file shipped: English
    assert step_teaching("pt-br") == step_teaching()
