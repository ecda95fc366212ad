"""Shared pieces of the Google Sheets tests: a fake Google per test and the small catalog's export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from engine.drafts import CardDraft, Directories, SubjectSpec
from engine.gsheets import GoogleSheetSummary, write_google_sheet
from engine.ratelimit import UnlimitedRateLimiter
from engine.workbook import write_workbook
from tests.gsheets.fake_google import ROBOT, FakeGoogle
from tests.gsheets.fake_grid import FakeSpreadsheet
from tests.workbook.builders import small_directories, small_subjects
from tests.workbook.conftest import small_drafts

KEY = "1AbCdEfGhIjKlMnOpQrStUvWxYz_0123456789-xyz"
URL = f"https://docs.google.com/spreadsheets/d/{KEY}/edit#gid=0"
INFO = {"Магазин Ozon": "Тестовый", "Товаров": 8}


class Sleeps(list[float]):
    """Stands in for ``time.sleep``: remembers each wait instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def fake() -> FakeGoogle:
    return FakeGoogle()


@pytest.fixture
def book(fake: FakeGoogle) -> FakeSpreadsheet:
    return fake.spreadsheet(KEY)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


def export(fake: FakeGoogle, drafts: list[CardDraft] | None = None, subjects: dict[int, SubjectSpec] | None = None,
           directories: Directories | None = None, **kw: Any) -> GoogleSheetSummary:
    kw.setdefault("sleep", Sleeps())
    kw.setdefault("limiter", UnlimitedRateLimiter())
    kw.setdefault("service_account_email", ROBOT)
    return write_google_sheet(URL, small_drafts() if drafts is None else drafts, subjects or small_subjects(),
                              directories or small_directories(), client=fake.client(), summary_info=INFO, **kw)


@pytest.fixture(scope="session")
def small_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The xlsx the Google Sheet must match, written from the same drafts."""
    path = tmp_path_factory.mktemp("gsheets") / "small.xlsx"
    write_workbook(path, small_drafts(), small_subjects(), small_directories(), summary_info=INFO)
    return path


def write_service_account_key(path: Path, email: str = ROBOT) -> Path:
    """A well-formed service-account JSON key (a fresh RSA key, never a real account's) at ``path``."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    path.write_text(json.dumps({
        "type": "service_account", "project_id": "ozwb-test", "private_key_id": "0" * 40, "private_key": pem,
        "client_email": email, "client_id": "1", "token_uri": "https://oauth2.googleapis.com/token",
    }), "utf-8")
    return path
