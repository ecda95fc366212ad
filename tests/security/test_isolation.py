"""Tenant isolation through every route: another seller, and a manager linked to nobody, ask for the first
seller's objects by id (path parameters and id fields of forms and JSON bodies) — every method of every route
in ``app.routes``, pages and API, found programmatically so a new route is swept without editing this file.
The answer must be 404 — never 403, 200 or 500 — and nothing of the first seller may change.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from tests.security.routes import Endpoint, endpoints
from tests.security.tenants import Actor, tenants

WATCHED = ("users", "connections", "imports", "jobs", "manager_links", "notices", "push_jobs")
STREAMS = ("/events",)  # server-sent events: the owner's request stays open, so only strangers' are sent


def snapshot(app: FastAPI) -> dict[str, list[tuple[object, ...]]]:
    with app.state.store.session() as session:
        return {table: [tuple(row) for row in session.execute(text(f"SELECT * FROM {table} ORDER BY id"))]
                for table in WATCHED}


def attempts(endpoint: Endpoint, victim: Actor, attacker: Actor) -> list[dict[str, int]]:
    """All of the victim's ids; and each id input the victim's alone, the others the attacker's own."""
    names = endpoint.id_inputs()
    own = {**victim.ids, **attacker.ids}  # a manager owns nothing: the victim's ids everywhere
    variants = [{**own, **{n: victim.ids[n] for n in names}}]
    if len(names) > 1:
        variants += [{**own, one: victim.ids[one]} for one in names]
    return variants


def send(endpoint: Endpoint, actor: Actor, ids: dict[str, int]) -> tuple[int, str]:
    arguments = endpoint.request(ids, csrf=None if endpoint.is_api else actor.csrf(), bearer=actor.bearer)
    if not endpoint.is_api and endpoint.method in ("POST", "PUT", "PATCH", "DELETE") and "data" not in arguments:
        arguments["data"] = {"csrf_token": actor.csrf()}
    response = actor.browser.request(**arguments, follow_redirects=False)
    return response.status_code, response.text


def test_nobody_reaches_another_sellers_objects_through_any_route(web_app: FastAPI, client: TestClient,
                                                                   new_client: Callable[[], TestClient]) -> None:
    people = tenants(web_app, new_client)
    swept = [e for e in endpoints(web_app) if e.id_inputs()]
    unknown = sorted({n for e in swept for n in e.id_inputs() if n not in people.alice.ids})
    assert not unknown, f"routes take ids the sweep has no object for — add them in tenants.give_objects: {unknown}"
    assert {"/api/v1/jobs/{job_id}", "/api/v1/imports/{import_id}/push", "/api/v1/exports"} <= {e.path for e in swept}
    before = snapshot(web_app)
    failures = []
    for endpoint in swept:
        for attacker in (people.bob, people.dave):
            for ids in attempts(endpoint, people.alice, attacker):
                status, body = send(endpoint, attacker, ids)
                if status != 404 or (endpoint.is_api and '"not_found"' not in body):
                    failures.append(f"{endpoint.method} {endpoint.path} as {attacker.email} {ids}: {status} "
                                    f"{body[:200]}")
    assert not failures, "\n".join(failures)
    assert snapshot(web_app) == before


def test_the_owner_does_reach_them_so_the_sweep_means_something(web_app: FastAPI, client: TestClient,
                                                                new_client: Callable[[], TestClient]) -> None:
    people = tenants(web_app, new_client)
    readable = [e for e in endpoints(web_app)
                if e.method == "GET" and e.id_inputs() and not e.path.endswith(STREAMS)]
    assert len(readable) >= 5
    for endpoint in readable:
        status, body = send(endpoint, people.alice, people.alice.ids)
        assert status in (200, 303, 409), f"GET {endpoint.path} as its owner: {status} {body[:300]}"
    job = f"/api/v1/jobs/{people.alice.ids['job_id']}"
    assert people.carol.browser.get(job, headers=people.carol.bearer).status_code == 200  # her manager reads it
    assert people.carol.browser.get(f"{job}/result", headers=people.carol.bearer).status_code == 200
    assert people.dave.browser.get(job, headers=people.dave.bearer).status_code == 404


def test_a_forged_form_changes_nothing(web_app: FastAPI, client: TestClient,
                                       new_client: Callable[[], TestClient]) -> None:
    """Every page form, sent by the signed-in owner's browser without its CSRF token or with another's."""
    people = tenants(web_app, new_client)
    forms = [e for e in endpoints(web_app) if not e.is_api and e.method in ("POST", "PUT", "PATCH", "DELETE")]
    assert len(forms) >= 10
    others_token = people.bob.csrf()
    before = snapshot(web_app)
    failures = []
    for endpoint in forms:
        for token in (None, others_token, "0" * 64):
            arguments = endpoint.request(people.alice.ids, csrf=token)
            arguments.setdefault("data", {} if token is None else {"csrf_token": token})
            response = people.alice.browser.request(**arguments, follow_redirects=False)
            if response.status_code != 403:
                failures.append(f"{endpoint.method} {endpoint.path} with token {token!r}: {response.status_code}")
        header = people.alice.browser.request(**{**endpoint.request(people.alice.ids),
                                                 "headers": {"X-CSRF-Token": others_token}}, follow_redirects=False)
        if header.status_code != 403:
            failures.append(f"{endpoint.method} {endpoint.path} with another browser's header: {header.status_code}")
    assert not failures, "\n".join(failures)
    assert snapshot(web_app) == before
    assert people.alice.browser.get("/account", follow_redirects=False).status_code == 200  # still signed in
