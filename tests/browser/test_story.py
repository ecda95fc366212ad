"""The seller's story in a real browser (Playwright driving Debian's chromium, headless).

register → confirm the e-mail → sign in → add the sandbox connections → export → download the
workbook → edit it (another subject for one row, a negative price) → upload → see both problems →
fix the price → upload → press «Переложить таблицу» (a new, re-laid import) → download it → fill the new
subject's fields → upload → push → watch the progress → download the result with nmIDs.
Every page is screenshotted into var/test-artifacts/browser/.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from engine.preview import fill_missing_required
from engine.push import prepare_push
from engine.wb.client import WbClient
from engine.workbook import STATIC_KEYS, read_workbook
from tests.browser.conftest import ARTIFACTS, CHROMIUM, Live
from tests.push.catalogs import sandbox_settings, use_pool_photos

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"
JOB_TIMEOUT_MS = 90_000


@pytest.fixture
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            yield launched
        finally:
            launched.close()


class Shots:
    """Numbered full-page screenshots, one per page of the story."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.count = 0
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for old in ARTIFACTS.glob("*.png"):
            old.unlink()

    def __call__(self, name: str) -> None:
        self.count += 1
        self.page.screenshot(path=str(ARTIFACTS / f"{self.count:02d}-{name}.png"), full_page=True)


def column(path: Path, sheet: str, key: str) -> int:
    table = next(t for t in read_workbook(path).tables if t.title == sheet)
    return table.columns[STATIC_KEYS[key]]


def first_row(path: Path, sheet: str) -> int:
    return next(t for t in read_workbook(path).tables if t.title == sheet).rows[0].row


def break_workbook(live: Live, path: Path) -> tuple[str, str]:
    """Fill what the seller must, then move one single-row sheet's product to another subject and break a price."""
    with WbClient(sandbox_settings(live.sandbox)) as wb:
        first = prepare_push(path, wb)
        assert first.reference is not None
        fill_missing_required(path, first.report.issues, first.reference.specs)
    use_pool_photos(live.sandbox, path)
    tables = read_workbook(path).tables
    lone = next(t for t in tables if len(t.rows) == 1)
    other = next(t for t in tables if t.title != lone.title)
    many = max(tables, key=lambda t: len(t.rows))
    book = openpyxl.load_workbook(path)
    book[lone.title].cell(row=lone.rows[0].row, column=column(path, lone.title, "subject")).value = other.title
    book[many.title].cell(row=many.rows[0].row, column=column(path, many.title, "price")).value = -100
    book.save(path)
    return lone.title, many.title


def fix_price(path: Path, priced: str) -> None:
    """What the price message asks: a positive price (the subject is the refresh button's job)."""
    book = openpyxl.load_workbook(path)
    book[priced].cell(row=first_row(path, priced), column=column(path, priced, "price")).value = 2490
    book.save(path)


def fill_new_subject(live: Live, path: Path) -> None:
    """The seller fills the new subject's own required characteristics in the re-laid workbook."""
    with WbClient(sandbox_settings(live.sandbox)) as wb:
        again = prepare_push(path, wb)
        assert again.reference is not None
        fill_missing_required(path, again.report.issues, again.reference.specs)
    use_pool_photos(live.sandbox, path)


def nm_ids(path: Path) -> list[object]:
    book = openpyxl.load_workbook(path, read_only=True)
    found: list[object] = []
    for table in read_workbook(path).tables:
        sheet = book[table.title]
        found.extend(sheet.cell(row=r.row, column=table.columns[STATIC_KEYS["nmID"]]).value for r in table.rows)
    book.close()
    return found


def upload(page: Page, live: Live, path: Path) -> None:
    page.goto(f"{live.url}/upload")
    page.set_input_files("input[name=file]", str(path))
    page.click("#upload-form button[type=submit]")
    page.wait_for_url("**/imports/*")


def wait_finished(page: Page) -> None:
    """The job page updates itself (server-sent events or polling) and reloads when the job ends."""
    page.wait_for_selector("#job-progress[data-finished=yes]", timeout=JOB_TIMEOUT_MS)
    expect(page.locator(".job-status")).to_contain_text("готово")


def download_result(page: Page, target: Path) -> Path:
    with page.expect_download() as download:
        page.click("#download")
    download.value.save_as(target)
    return target


def test_seller_story_from_registration_to_the_result_with_nmids(live: Live, browser: Browser, tmp_path: Path):
    page = browser.new_page(viewport={"width": 414, "height": 896}, accept_downloads=True)  # a phone
    shot = Shots(page)
    email = f"seller-{secrets.token_hex(4)}@example.ru"

    page.goto(f"{live.url}/register")
    shot("register")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/register'] button[type=submit]")
    expect(page.locator("main")).to_contain_text("письмо")
    shot("registered")

    page.goto(live.inbox.link(live.url, "confirm"))
    expect(page.locator("main")).to_contain_text("Адрес подтверждён")
    shot("confirmed")

    page.goto(f"{live.url}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Перенос каталога")
    shot("home")

    page.goto(f"{live.url}/connections")
    page.click("form[action='/connections/demo'] button")
    expect(page.locator(".flash")).to_contain_text("работают")
    shot("connections")

    page.goto(f"{live.url}/export")
    shot("export-form")
    page.click("#export-form button[type=submit]")
    page.wait_for_url("**/jobs/*")
    shot("export-job")
    wait_finished(page)
    shot("export-done")
    exported = download_result(page, tmp_path / "catalog.xlsx")

    moved, priced = break_workbook(live, exported)
    upload(page, live, exported)
    issues = page.locator("#issues")
    expect(issues).to_contain_text(f"не совпадает с листом «{moved}»")
    expect(issues).to_contain_text("нужно число больше 0")
    shot("report-with-errors")

    fix_price(exported, priced)
    upload(page, live, exported)
    expect(page.locator("#issues")).to_contain_text("кнопка «Переложить таблицу»")
    page.click("#refresh-form button[type=submit]")  # the web's «ozwb refresh»: a new, re-laid import
    expect(page.locator("#download-workbook")).to_contain_text("Скачать переложенную таблицу")
    shot("report-relaid")
    with page.expect_download() as download:
        page.click("#download-workbook")
    fixed = tmp_path / "fixed.xlsx"
    download.value.save_as(fixed)
    assert moved not in {t.title for t in read_workbook(fixed).tables}  # its only row moved away
    fill_new_subject(live, fixed)
    upload(page, live, fixed)
    expect(page.locator("#no-issues")).to_be_visible()
    shot("report-clean")

    # This job page must do without server-sent events (a proxy may refuse them): it falls back to polling.
    page.route("**/events", lambda route: route.fulfill(status=503, body="no streams here"))
    polled: list[str] = []
    page.on("request", lambda request: polled.append(request.url) if request.url.endswith("/progress") else None)
    page.click("#push-form button[type=submit]")
    page.wait_for_url("**/jobs/*")
    expect(page.locator("h1")).to_contain_text("Перенос на WB")
    running = page.get_attribute("#job-progress", "data-finished") == "no"
    shot("push-progress")
    wait_finished(page)
    assert polled or not running  # it was followed by polling (unless it had ended before the page loaded)
    expect(page.locator(".job-steps")).to_contain_text("Карточки")
    shot("push-done")
    found = nm_ids(download_result(page, tmp_path / "result.xlsx"))
    assert found and all(isinstance(n, int) and n > 0 for n in found), found

    page.goto(f"{live.url}/jobs")
    expect(page.locator("table.jobs")).to_contain_text("Перенос на WB")
    shot("history")
    page.goto(f"{live.url}/notices")
    shot("notices")
