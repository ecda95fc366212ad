"""The upload door of the API: the size limit answers 413 JSON and keeps nothing; a non-xlsx is refused unkept."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from engine.settings import Settings
from tests.support.web import api_user_headers

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VALID = Path(__file__).resolve().parents[2] / "samples" / "bad" / "valid_base.xlsx"


def kept_files(settings: Settings) -> list[Path]:
    return [p for p in Path(settings.files_dir).rglob("*") if p.is_file()]


def test_an_upload_over_the_limit_is_refused_and_nothing_is_kept(web_settings: Settings) -> None:
    settings = web_settings.model_copy(update={"upload_max_bytes": VALID.stat().st_size // 2})
    with TestClient(create_app(settings), base_url="http://testserver") as client:
        headers = api_user_headers(client)
        response = client.post("/api/v1/imports", headers=headers,
                               files={"file": ("book.xlsx", VALID.read_bytes(), XLSX)})
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "payload_too_large"
        assert "МБ" in response.json()["error"]["message"]
        refused = client.post("/api/v1/imports", headers=headers,
                              files={"file": ("book.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 100, XLSX)})
        assert refused.status_code == 400 and refused.json()["error"]["code"] == "not_xlsx"
        assert ".xls" in refused.json()["error"]["message"]
        assert client.get("/api/v1/jobs", headers=headers).json() == {"jobs": []}
    assert kept_files(settings) == []
