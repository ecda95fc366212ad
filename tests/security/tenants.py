"""Two sellers, a manager of the first and a manager of nobody, each with a browser session and a bearer token;
the first seller owns one object of every kind the routes take an id of."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from engine.connections import add_demo_pair
from engine.jobs.files import new_file
from engine.jobs.records import mark_finished, new_job
from engine.store.account_models import ManagerLink, User
from engine.store.web_models import ImportRecord
from tests.support.web import bearer_token, csrf_token, register_and_login

REPO = Path(__file__).resolve().parents[2]
WORKBOOK = REPO / "samples" / "bad" / "valid_base.xlsx"
UNREACHABLE = "http://127.0.0.1:9"  # the demo pair of a test: nothing is called before the owner check


@dataclass
class Actor:
    id: int
    email: str
    browser: TestClient
    bearer: dict[str, str]
    ids: dict[str, int] = field(default_factory=dict)  # the objects this actor owns, by id parameter name

    def csrf(self) -> str:
        return csrf_token(self.browser, "/account")


@dataclass
class Tenants:
    alice: Actor
    bob: Actor
    carol: Actor  # manager linked to alice
    dave: Actor  # manager linked to nobody


def actor(app: FastAPI, new_client: Callable[[], TestClient], role: str = "seller") -> Actor:
    browser = new_client()
    user = register_and_login(browser)
    with app.state.store.session() as session:
        found = session.scalar(select(User).where(User.email == user.email))
        assert found is not None
        found.role = role
        user_id = found.id
    return Actor(user_id, user.email, browser,
                 {"Authorization": f"Bearer {bearer_token(browser, user.email, user.password)}"})


def give_objects(app: FastAPI, owner: Actor) -> None:
    """One connection of each kind, an import with its report, a finished export job with its workbook."""
    settings, store = app.state.settings, app.state.store
    stored = new_file(settings, owner.id, "upload", ".xlsx")
    shutil.copyfile(WORKBOOK, stored)
    report = new_file(settings, owner.id, "report", ".json")
    report.write_text(json.dumps({"issues": [], "file_problem": None}), encoding="utf-8")
    result = new_file(settings, owner.id, "export", ".xlsx")
    shutil.copyfile(WORKBOOK, result)
    with store.session() as session:
        ozon, wb = add_demo_pair(session, app.state.keyring, owner.id, UNREACHABLE)
        record = ImportRecord(owner_id=owner.id, source_name="book.xlsx", source_kind="xlsx", stored_path=str(stored),
                              sheet_url="", report_path=str(report), created_at=time.time(),
                              summary=json.dumps({"counts": {"rows": 1, "issues": 0}, "file_problem": None,
                                                  "checked_with_wb": False}))
        session.add(record)
        session.flush()
        job = new_job(session, owner.id, "export", connection_id=ozon.id, progress={"stages": []})
        job.result_path = str(result)
        mark_finished(job, True, "готово")
        owner.ids.update({"connection_id": ozon.id, "ozon_connection_id": ozon.id, "wb_connection_id": wb.id,
                          "import_id": record.id, "job_id": job.id, "user_id": owner.id})  # /admin/users/{user_id}


def tenants(app: FastAPI, new_client: Callable[[], TestClient]) -> Tenants:
    alice, bob = actor(app, new_client), actor(app, new_client)
    carol, dave = actor(app, new_client, "manager"), actor(app, new_client, "manager")
    give_objects(app, alice)
    give_objects(app, bob)
    with app.state.store.session() as session:
        session.add(ManagerLink(seller_id=alice.id, manager_id=carol.id, created_at=time.time()))
    alice.ids["manager_id"] = carol.id
    return Tenants(alice, bob, carol, dave)
