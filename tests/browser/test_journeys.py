"""Journeys through the real pages in a real browser: import, fix, re-import, find, read.

Each test signs in through the login form and drives the server-rendered pages as a
person would (the app has no JavaScript), checks pages with axe-core and saves
screenshots to tests/browser/screenshots/.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ruggie.accounts.models import Membership, Organisation
from ruggie.accounts.services import membership_set, organisation_create
from ruggie.register.importing import run_import

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Fixture = Callable[..., Any]

PASSWORD = "correct-horse-battery-staple"
HEADER = "Supplier name,Country,Site name,Workers,Women (%)"
GOOD_ROWS = [
    "Saigon Stitch Co.,Vietnam,Binh Duong Factory,420,65%",
    "Dhaka Knitwear Ltd,Bangladesh,Gazipur Plant,900,80%",
    "Anatolia Cotton AS,TR,Izmir Spinning Mill,310,40%",
    "Porto Footwear Lda,Portugal,Felgueiras Factory,220,55%",
]
BAD_COUNTRY = "Lantern Weaving Co.,Narnia,Cair Paravel Works,120,50%"
BAD_SHARE = "Andes Alpaca SAC,Peru,Arequipa Mill,75,150%"
FIXED_COUNTRY = "Lantern Weaving Co.,Kenya,Cair Paravel Works,120,50%"
FIXED_SHARE = "Andes Alpaca SAC,Peru,Arequipa Mill,75,15%"
ALL_NAMES = [row.split(",")[0] for row in [*GOOD_ROWS, FIXED_COUNTRY, FIXED_SHARE]]


def csv_file(path: Path, rows: list[str], header: str = HEADER) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def make_analyst(slug: str = "acme") -> tuple[Organisation, Membership]:
    org = organisation_create(slug=slug, name=f"{slug.title()} Apparel", kind="company")
    member = membership_set(email=f"analyst@{slug}.example", organisation=org, role="analyst",
                            password=PASSWORD)
    return org, member


def seed(org: Organisation, member: Membership, rows: list[str]) -> None:
    """Fill the register without the browser (the import pages are tested elsewhere)."""
    data = "\n".join([HEADER, *rows]).encode()
    report = run_import(organisation=org, actor=member.user, data=data, filename="seed.csv")
    assert report.committed and not report.rejected, report.as_dict()


def summary(page: Any) -> dict[str, int]:
    """The preview's counts by label: {"new suppliers": 4, "rows rejected": 2, ...}."""
    counts = {}
    for item in page.locator("ul.summary li").all_inner_texts():
        number, label = item.strip().split(" ", 1)
        counts[label.strip()] = int(number)
    return counts


def table_rows(page: Any, selector: str) -> list[list[str]]:
    return [
        [cell.strip() for cell in row.locator("td").all_inner_texts()]
        for row in page.locator(f"{selector} tbody tr").all()
    ]


def register_names(page: Any) -> list[str]:
    return [name.strip() for name in page.locator("table.register tbody td:first-child a").all_inner_texts()]


def upload(page: Any, path: Path) -> None:
    page.get_by_label("Supplier list").set_input_files(path)
    page.get_by_role("button", name="Upload and preview").click()


def test_import_fix_and_reimport(page: Any, sign_in: Fixture, axe_check: Fixture, shot: Fixture,
                                 tmp_path: Path) -> None:
    """The journey from the issue: import a list, see what was refused and why, fix it, import again."""
    _org, member = make_analyst()
    page.goto("/accounts/login/")
    axe_check(page, "login page")
    shot(page, "01-login")
    sign_in(page, member.user.email, PASSWORD)

    page.goto("/register/")
    page.get_by_role("heading", name="Supply-chain register").wait_for()
    assert "0 suppliers" in page.get_by_role("status").inner_text()
    axe_check(page, "empty register")
    shot(page, "02-register-empty")

    page.get_by_role("link", name="Import a supplier list").click()
    page.get_by_role("heading", name="Import a supplier list").wait_for()
    axe_check(page, "import upload page")
    shot(page, "03-import-upload")

    upload(page, csv_file(tmp_path / "suppliers.csv", [*GOOD_ROWS[:3], BAD_COUNTRY, BAD_SHARE, GOOD_ROWS[3]]))
    page.get_by_role("heading", name="Preview the import").wait_for()
    assert summary(page) == {"new suppliers": 4, "suppliers updated": 0, "unchanged": 0,
                             "rows rejected": 2, "likely duplicates": 0}
    page.get_by_role("heading", name="Rows that need fixing").wait_for()
    rejected = {cells[0]: cells for cells in table_rows(page, "table.rejected")}
    # Row numbers are the spreadsheet's: the header is row 1, so the 4th supplier is on row 5.
    assert set(rejected) == {"5", "6"}, rejected
    _row, column, value, problem, fix = rejected["5"]
    assert re.search("country", column, re.I) and value == "Narnia" and "Narnia" in problem and fix, rejected
    _row, column, value, problem, fix = rejected["6"]
    assert re.search("women", column, re.I) and value == "150%" and "150%" in problem and fix, rejected
    axe_check(page, "preview with rejected rows")
    shot(page, "04-preview-with-rejected-rows")

    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_role("heading", name=re.compile("^Import: suppliers.csv")).wait_for()
    assert "Imported: 4 new, 0 updated, 0 unchanged." in page.locator(".notice").inner_text()
    assert {cells[0] for cells in table_rows(page, "table.rejected")} == {"5", "6"}
    axe_check(page, "import result")
    shot(page, "05-result-with-rejected-rows")

    # Fix the two rows in the spreadsheet and upload the whole file again.
    page.get_by_role("link", name="Import another file").click()
    page.get_by_role("heading", name="Recent imports").wait_for()
    assert "suppliers.csv" in page.locator("main table").inner_text()
    fixed_rows = [*GOOD_ROWS[:3], FIXED_COUNTRY, FIXED_SHARE, GOOD_ROWS[3]]
    upload(page, csv_file(tmp_path / "suppliers-fixed.csv", fixed_rows))
    page.get_by_role("heading", name="Preview the import").wait_for()
    assert summary(page) == {"new suppliers": 2, "suppliers updated": 0, "unchanged": 4,
                             "rows rejected": 0, "likely duplicates": 0}
    assert page.locator("table.rejected").count() == 0
    # The rows imported the first time are unchanged; the two fixed rows are new.
    plan_table = "table:not(.rejected):not(.duplicates)"
    actions = {cells[2]: cells[0].lower() for cells in table_rows(page, plan_table)}
    assert sorted(actions) == sorted(ALL_NAMES), actions
    assert all(actions[name] == "unchanged" for name in ALL_NAMES[:4]), actions
    assert actions["Lantern Weaving Co."] == actions["Andes Alpaca SAC"] != "unchanged", actions
    axe_check(page, "preview of the fixed file")
    shot(page, "06-preview-fixed")

    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_role("heading", name=re.compile("^Import: suppliers-fixed.csv")).wait_for()
    assert "Imported: 2 new, 0 updated, 4 unchanged." in page.locator(".notice").inner_text()
    assert page.locator("table.rejected").count() == 0
    axe_check(page, "result of the fixed import")
    shot(page, "07-result-fixed")

    page.get_by_role("link", name="See the register").click()
    page.get_by_role("heading", name="Supply-chain register").wait_for()
    assert "6 suppliers" in page.get_by_role("status").inner_text()
    for name in ALL_NAMES:
        assert page.get_by_role("link", name=name, exact=True).is_visible(), name
    assert sorted(register_names(page)) == sorted(ALL_NAMES)
    axe_check(page, "register list")
    shot(page, "08-register-all-suppliers")


def test_map_columns_by_hand(page: Any, sign_in: Fixture, axe_check: Fixture, shot: Fixture,
                             tmp_path: Path) -> None:
    """Headers ruggie cannot read: the mapping page asks, the person answers, the import goes on."""
    _org, member = make_analyst()
    sign_in(page, member.user.email, PASSWORD)
    page.goto("/register/import/")
    upload(page, csv_file(tmp_path / "export.csv", [
        "Nile Linen Co,Egypt,Cairo Weaving Mill",
        "Punjab Threads,India,Ludhiana Works",
        "Mekong Garments,Cambodia,Phnom Penh Factory",
    ], header="Col A,Col B,Col C"))

    page.get_by_role("heading", name="Match the columns").wait_for()
    assert "/map/" in page.url
    axe_check(page, "column mapping page")
    shot(page, "10-mapping-unrecognised-headers")
    page.get_by_label("Col A").select_option(label="Supplier name")
    page.get_by_label("Col B").select_option(label="Country")
    page.get_by_label("Col C").select_option(label="Site name")
    shot(page, "11-mapping-chosen")
    page.get_by_role("button", name="Preview the import").click()

    page.get_by_role("heading", name="Preview the import").wait_for()
    counts = summary(page)
    assert counts["new suppliers"] == 3 and counts["rows rejected"] == 0, counts
    assert "Col A → Supplier name" in page.locator("main").inner_text()
    shot(page, "12-mapping-preview")
    page.get_by_role("button", name="Import", exact=True).click()
    assert "Imported: 3 new" in page.locator(".notice").inner_text()

    page.get_by_role("link", name="See the register").click()
    assert sorted(register_names(page)) == ["Mekong Garments", "Nile Linen Co", "Punjab Threads"]
    shot(page, "13-mapping-register")


def test_search_and_filter_register(page: Any, sign_in: Fixture, axe_check: Fixture, shot: Fixture) -> None:
    org, member = make_analyst()
    seed(org, member, [*GOOD_ROWS, FIXED_COUNTRY, FIXED_SHARE, "Hanoi Leather JSC,VN,Hanoi Tannery,150,30%"])
    sign_in(page, member.user.email, PASSWORD)
    page.goto("/register/")
    assert len(register_names(page)) == 7

    page.get_by_label("Country").select_option(label="Viet Nam")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"country=VN"))
    assert sorted(register_names(page)) == ["Hanoi Leather JSC", "Saigon Stitch Co."]
    assert "2 suppliers" in page.get_by_role("status").inner_text()
    assert page.get_by_label("Country").input_value() == "VN"  # the filter stays chosen
    shot(page, "20-register-filtered-by-country")

    page.get_by_label("Search name or id").fill("hanoi")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"q=hanoi"))
    assert register_names(page) == ["Hanoi Leather JSC"]
    shot(page, "21-register-country-and-search")

    page.get_by_label("Country").select_option(value="")
    page.get_by_label("Search name or id").fill("alpaca")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"q=alpaca"))
    assert register_names(page) == ["Andes Alpaca SAC"]

    page.get_by_label("Search name or id").fill("no such supplier")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"q=no"))
    assert register_names(page) == []
    assert "No suppliers match" in page.locator("table.register").inner_text()
    axe_check(page, "register with no match")


def test_right_to_left_in_arabic(page: Any, sign_in: Fixture, axe_check: Fixture, shot: Fixture) -> None:
    org, member = make_analyst()
    seed(org, member, GOOD_ROWS)
    sign_in(page, member.user.email, PASSWORD)
    page.goto("/register/")
    html = page.locator("html")
    assert html.get_attribute("dir") == "ltr"

    footer = page.locator("footer")
    footer.get_by_label("Language").select_option(value="ar")
    footer.get_by_role("button").click()
    page.wait_for_load_state()
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    assert "/register/" in page.url  # back on the page the person was reading
    assert page.evaluate("() => getComputedStyle(document.body).direction") == "rtl"
    axe_check(page, "register in Arabic")
    shot(page, "30-register-arabic-rtl")

    footer.locator("select").select_option(value="en")
    footer.locator("button").click()
    page.wait_for_load_state()
    assert html.get_attribute("dir") == "ltr"


def test_login_keyboard_order_and_skip_link(page: Any, shot: Fixture) -> None:
    page.goto("/accounts/login/")

    def focused() -> str:
        """The focused element, as its id or as "class:tag:text"."""
        return page.evaluate("""() => {
            const e = document.activeElement;
            const tag = e.tagName.toLowerCase();
            return e.id || [e.getAttribute('class') || '', tag, e.textContent.trim()].join(':');
        }""")

    # Chromium applies autofocus after the load event; on a busy machine the check can come first.
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'id_username'")
    assert focused() == "id_username"  # autofocus
    skip = page.locator("a.skip")
    box = skip.bounding_box()
    assert box is None or box["x"] + box["width"] <= 0, f"the skip link shows before it has focus: {box}"

    # Back to the top of the page, as a keyboard user would: the skip link comes first.
    for _ in range(5):
        if focused().startswith("skip:"):
            break
        page.keyboard.press("Shift+Tab")
    assert focused().startswith("skip:"), focused()
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0 and box["width"] > 0, box
    assert skip.is_visible()
    shot(page, "40-login-skip-link-focused")

    # Forwards: e-mail, password and the Sign in button, one after the other.
    order = []
    for _ in range(6):
        page.keyboard.press("Tab")
        order.append(focused())
    wanted = ["id_username", "id_password", "primary:button:Sign in"]
    assert all(w in order for w in wanted), order
    start = order.index(wanted[0])
    assert order[start:start + 3] == wanted, order
    shot(page, "41-login-tabbed")

    # Following the skip link lands on the main content: the next Tab is the e-mail field.
    page.goto("/accounts/login/")
    # Autofocus lands after load; on a busy machine a key pressed before it goes elsewhere.
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_username'")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert focused().startswith("skip:"), focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("#main$"))
    page.keyboard.press("Tab")
    assert focused() == "id_username"


def test_mobile_pages_have_no_horizontal_overflow(new_page: Fixture, sign_in: Fixture, axe_check: Fixture,
                                                 shot: Fixture, tmp_path: Path) -> None:
    """On a 360 px phone the page never scrolls sideways (WCAG 1.4.10 reflow)."""
    org, member = make_analyst()
    long_name = "International Consolidated Garment Manufacturing Corporation Limited"
    seed(org, member, [*GOOD_ROWS, FIXED_COUNTRY, FIXED_SHARE, f"{long_name},Bangladesh,Ashulia,500,50%"])
    page = new_page(viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True,
                    device_scale_factor=2)
    sign_in(page, member.user.email, PASSWORD)

    def assert_fits(name: str) -> None:
        shot(page, name)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360 + 2, f"{page.url}: the page is {width}px wide on a 360px screen"

    page.goto("/register/")
    assert len(register_names(page)) == 7
    assert_fits("50-mobile-register")
    axe_check(page, "register on a phone")
    page.goto("/")
    assert_fits("51-mobile-home")

    page.goto("/register/import/")
    assert_fits("52-mobile-import-upload")
    upload(page, csv_file(tmp_path / "a-rather-long-supplier-list-file-name-from-the-erp-export.csv", [
        *GOOD_ROWS, BAD_COUNTRY, BAD_SHARE,
        "Kathmandu Carpets,Nepal,Bhaktapur Workshop,40,https://example.com/a/very/long/value/without/spaces",
    ]))
    page.get_by_role("heading", name="Preview the import").wait_for()
    assert summary(page)["rows rejected"] == 3
    assert_fits("53-mobile-import-preview")
    axe_check(page, "import preview on a phone")
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_role("heading", name=re.compile("^Import:")).wait_for()
    assert_fits("54-mobile-import-result")
