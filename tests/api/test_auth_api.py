"""REST authentication: register, bearer tokens, their expiry and revocation, 2FA, the error shape."""

from __future__ import annotations

import time

import jwt
import pyotp
from sqlalchemy import select

from engine.accounts.bearer import ALGORITHM, AUDIENCE, signing_key
from engine.store.account_models import User
from tests.support.web import PASSWORD, api_user_headers, bearer_token, csrf_token, register_and_login


def test_register_and_token_round_trip(client):
    created = client.post("/api/v1/auth/register", json={"email": "Api@Example.ru", "password": PASSWORD})
    assert created.status_code == 201
    assert created.json() == {"id": created.json()["id"], "email": "api@example.ru", "role": "seller",
                              "is_active": True}
    token = client.post("/api/v1/auth/token", data={"username": "api@example.ru", "password": PASSWORD,
                                                    "grant_type": "password"})
    assert token.status_code == 200
    body = token.json()
    assert body["token_type"] == "bearer"
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json()["email"] == "api@example.ru"


def test_register_errors_have_the_json_shape(client):
    weak = client.post("/api/v1/auth/register", json={"email": "a@example.ru", "password": "short"})
    assert weak.status_code == 400
    assert weak.json()["error"]["code"] == "weak_password"
    assert "не короче" in weak.json()["error"]["message"]
    client.post("/api/v1/auth/register", json={"email": "a@example.ru", "password": PASSWORD})
    taken = client.post("/api/v1/auth/register", json={"email": "a@example.ru", "password": PASSWORD})
    assert taken.json()["error"]["code"] == "email_taken"
    missing = client.post("/api/v1/auth/register", json={"email": "b@example.ru"})
    assert missing.status_code == 422
    assert missing.json()["error"]["code"] == "invalid_request"


def test_wrong_password_and_bad_tokens_are_401(client):
    headers = api_user_headers(client, "t@example.ru")
    wrong = client.post("/api/v1/auth/token", data={"username": "t@example.ru", "password": "not the password"})
    assert wrong.status_code == 401
    assert wrong.json()["error"]["code"] == "invalid_credentials"
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 200
    for bad in ("Bearer nonsense", "Bearer " + headers["Authorization"][7:-2] + "xx", "Basic abc"):
        response = client.get("/api/v1/auth/me", headers={"Authorization": bad})
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["error"]["code"] in {"unauthorized", "token_invalid"}


def test_expired_token_and_foreign_signature_are_refused(client):
    api_user_headers(client, "e@example.ru")
    settings = client.app.state.settings
    with client.app.state.store.session() as session:
        user = session.scalar(select(User).where(User.email == "e@example.ru"))
        from engine.accounts.bearer import password_fingerprint

        claims = {"sub": str(user.id), "pwd": password_fingerprint(user), "aud": AUDIENCE,
                  "iat": int(time.time()) - 7200, "exp": int(time.time()) - 3600}
    expired = jwt.encode(claims, signing_key(settings), algorithm=ALGORITHM)
    assert client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {expired}"}).status_code == 401
    forged = jwt.encode({**claims, "exp": int(time.time()) + 3600}, b"k" * 32, algorithm=ALGORITHM)
    assert client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {forged}"}).status_code == 401
    unsigned = jwt.encode({**claims, "exp": int(time.time()) + 3600}, "", algorithm="none")
    assert client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {unsigned}"}).status_code == 401


def test_password_reset_voids_issued_tokens(client):
    user = register_and_login(client)
    token = bearer_token(client, user.email)
    assert client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    client.post("/reset", data={"email": user.email, "csrf_token": csrf_token(client, "/reset")})
    body = client.app.state.mailer.sent[-1].get_content()
    link = body[body.index("http://testserver") + len("http://testserver"):].split()[0]
    client.post(link, data={"password": "a brand new secret", "csrf_token": csrf_token(client, link)})
    assert client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_totp_users_must_send_the_code(client):
    user = register_and_login(client)
    secret = _enable_totp(client)
    without = client.post("/api/v1/auth/token", data={"username": user.email, "password": PASSWORD})
    assert without.status_code == 401
    assert without.json()["error"]["code"] == "totp_required"
    wrong = client.post("/api/v1/auth/token", data={"username": user.email, "password": PASSWORD, "totp": "000000"})
    assert wrong.status_code == 401
    _forget_last_step(client, user.email)
    ok = client.post("/api/v1/auth/token", data={"username": user.email, "password": PASSWORD,
                                                 "totp": pyotp.TOTP(secret).now()})
    assert ok.status_code == 200


def test_openapi_documents_the_token_form_and_error_model(client):
    spec = client.get("/openapi.json").json()
    form = spec["paths"]["/api/v1/auth/token"]["post"]
    assert "totp" in str(spec["components"]["schemas"])
    assert "401" in form["responses"]
    assert "ErrorResponse" in spec["components"]["schemas"]
    assert "totp" in spec["info"]["description"]


def _enable_totp(client) -> str:
    from tests.api.totp_support import enable_totp

    return enable_totp(client)


def _forget_last_step(client, email: str) -> None:
    from tests.api.totp_support import forget_last_step

    forget_last_step(client, email)
