"""Connection pages and /api/v1/connections: forms with CSRF, checks on the sandbox, two users, no secrets out."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.support.web import api_user_headers, csrf_token, register_and_login

TOKEN = "sandbox-wb-token.webtest~content"
_IDS = re.compile(r'action="/connections/(\d+)/check"')


def ids_on_page(client: TestClient) -> list[int]:
    return [int(i) for i in _IDS.findall(client.get("/connections").text)]


def test_pages_add_check_and_remove_with_confirmation(client):
    register_and_login(client)
    page = client.get("/connections")
    assert page.status_code == 200 and "Добавить демо-подключения" in page.text
    token = csrf_token(client, "/connections")
    demo = client.post("/connections/demo", data={"csrf_token": token})
    assert demo.status_code == 200 and "Демо-подключения Ozon и WB добавлены и работают" in demo.text
    added = client.post("/connections/wb", data={"name": "Кабинет", "token": TOKEN, "csrf_token": token})
    assert added.status_code == 200
    assert "не хватает доступа" in added.text and "Цены и скидки, Маркетплейс" in added.text
    assert TOKEN not in added.text and "…tent" in added.text  # only the hint is ever shown
    assert added.text.count("работает") >= 2
    ids = ids_on_page(client)
    assert len(ids) == 3
    checked = client.post(f"/connections/{ids[0]}/check", data={"csrf_token": token})
    assert "Ключ Ozon работает" in checked.text
    confirm = client.get(f"/connections/{ids[2]}/remove")
    assert confirm.status_code == 200 and "Удалить подключение?" in confirm.text
    assert ids_on_page(client) == ids  # asking is not removing
    removed = client.post(f"/connections/{ids[2]}/remove", data={"csrf_token": token})
    assert "удалено" in removed.text and ids_on_page(client) == ids[:2]


def test_a_bad_form_value_is_explained_and_the_key_not_echoed(client):
    register_and_login(client)
    token = csrf_token(client, "/connections")
    response = client.post("/connections/ozon", data={"name": "Магазин", "client_id": "abc",
                                                      "api_key": "secret-ozon-key-1", "csrf_token": token})
    assert response.status_code == 400 and "Client-Id Ozon — это число" in response.text
    assert "secret-ozon-key-1" not in response.text and ids_on_page(client) == []


def test_a_form_without_its_csrf_token_is_refused(client):
    register_and_login(client)
    response = client.post("/connections/wb", data={"name": "Кабинет", "token": TOKEN})
    assert response.status_code == 403
    forged = client.post("/connections/wb", data={"name": "Кабинет", "token": TOKEN, "csrf_token": "forged"})
    assert forged.status_code == 403 and ids_on_page(client) == []


def test_two_users_cannot_reach_each_others_connections(client, new_client):
    register_and_login(client)
    token = csrf_token(client, "/connections")
    client.post("/connections/demo", data={"csrf_token": token})
    alice_ids = ids_on_page(client)
    other = new_client()
    register_and_login(other)
    other_token = csrf_token(other, "/connections")
    for connection_id in alice_ids:
        assert other.get(f"/connections/{connection_id}/remove").status_code == 404
        assert other.post(f"/connections/{connection_id}/check", data={"csrf_token": other_token}).status_code == 404
        assert other.post(f"/connections/{connection_id}/remove",
                          data={"csrf_token": other_token}).status_code == 404
    assert ids_on_page(other) == [] and ids_on_page(client) == alice_ids


def test_rest_connections_for_two_users(client):
    alice = api_user_headers(client)
    bob = api_user_headers(client)
    assert client.get("/api/v1/connections").status_code == 401
    created = client.post("/api/v1/connections", headers=alice,
                          json={"kind": "wb", "name": "Кабинет", "secret": TOKEN})
    assert created.status_code == 201 and TOKEN not in created.text
    body = created.json()
    assert body["state"] == "missing_scopes" and "Маркетплейс" in body["state_detail"]
    assert body["secret_hint"] == "…tent" and "secret" not in body
    ozon = client.post("/api/v1/connections", headers=alice,
                       json={"kind": "ozon", "name": "Ozon", "client_id": "100000", "secret": "sandbox-ozon-key"})
    assert ozon.status_code == 201 and ozon.json()["state"] == "ok" and "sandbox-ozon-key" not in ozon.text
    bad = client.post("/api/v1/connections", headers=alice,
                      json={"kind": "ozon", "name": "Ozon", "client_id": "x", "secret": "k"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_connection"
    listed = client.get("/api/v1/connections", headers=alice).json()["connections"]
    assert [c["id"] for c in listed] == [body["id"], ozon.json()["id"]]
    assert client.get("/api/v1/connections", headers=bob).json() == {"connections": []}
    for connection_id in (body["id"], ozon.json()["id"]):
        for method, path in (("POST", f"/api/v1/connections/{connection_id}/check"),
                             ("DELETE", f"/api/v1/connections/{connection_id}")):
            answer = client.request(method, path, headers=bob)
            assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_found"
    assert client.post(f"/api/v1/connections/{ozon.json()['id']}/check", headers=alice).json()["state"] == "ok"
    assert client.delete(f"/api/v1/connections/{body['id']}", headers=alice).status_code == 204
    assert client.delete(f"/api/v1/connections/{body['id']}", headers=alice).status_code == 404
    assert [c["id"] for c in client.get("/api/v1/connections", headers=alice).json()["connections"]] == [
        ozon.json()["id"]]
