import logging
import pickle

import httpx
import pytest

from engine.errors import AmbiguousWriteError, BadRequestError, MarketplaceError, TransportError
from engine.http.redaction import MASK, Redactor
from engine.ozon import OzonClient
from engine.settings import get_settings
from engine.wb import WbClient
from tests.engine_http.helpers import BUCKET, SECRET, Script, Step, json_response, make_client

WB_TOKEN = "eyJhbGciOiJFUzI1NiJ9.eyJzaWQiOiJzZWxsZXItNDIifQ.c2lnbmF0dXJlLXNlY3JldA"


def everything_about(error: BaseException) -> str:
    parts = [str(error), repr(error), repr(getattr(error, "details", None)), repr(error.args)]
    parts.append(repr(pickle.loads(pickle.dumps(error)).__dict__))
    return "\n".join(parts)


def test_redactor_blanks_known_secrets_and_credential_fields():
    redactor = Redactor([SECRET, "", "ab"])  # too-short "secrets" are ignored, not blanking everything
    assert redactor.text(f"key {SECRET} rejected") == f"key {MASK} rejected"
    assert redactor.text('{"Api-Key": "other-unknown-key"}') == f'{{"Api-Key": "{MASK}"}}'
    assert redactor.text("Authorization: Bearer abc.def.ghi, next") == f"Authorization: {MASK}, next"
    assert redactor.text("token=xyz&x=1") == f"token={MASK}&x=1"
    assert redactor.text("token problem; token is expired") == "token problem; token is expired"
    assert redactor.text("ab cd") == "ab cd"
    assert redactor.data({"a": [SECRET, 1, {"k": f"x{SECRET}"}]}) == {"a": [MASK, 1, {"k": f"x{MASK}"}]}


def test_error_messages_echoing_the_key_are_redacted():
    echoed = json_response(400, {"code": 3, "message": f"bad header Api-Key: {SECRET}", "details": [SECRET]})
    client, _, _ = make_client(Script([echoed]))
    with pytest.raises(BadRequestError) as caught:
        client.request("POST", "/v3/product/list", json={"echo": SECRET}, bucket=BUCKET, idempotent=True)
    assert SECRET not in everything_about(caught.value)
    assert "bad header Api-Key" in str(caught.value)


def test_wb_envelope_details_are_redacted():
    body = {"data": None, "error": True, "errorText": f"token {SECRET} invalid",
            "additionalErrors": {"Authorization": f"Bearer {SECRET}"}}
    client, _, _ = make_client(Script([json_response(400, body)]), marketplace="wb")
    with pytest.raises(BadRequestError) as caught:
        client.request("POST", "/x", bucket=BUCKET, idempotent=False)
    assert SECRET not in everything_about(caught.value)


@pytest.mark.parametrize(
    "failure",
    [httpx.ConnectError(f"cannot connect with Api-Key: {SECRET}"), httpx.ReadTimeout(f"timeout {SECRET}")],
)
def test_transport_errors_are_redacted(failure):
    client, _, _ = make_client(Script([failure]), max_attempts=1)
    with pytest.raises((TransportError, AmbiguousWriteError)) as caught:
        client.request("POST", "/x", bucket=BUCKET, idempotent=False)
    assert SECRET not in everything_about(caught.value)
    # The httpx exception (whose request carries our headers) is not chained for display.
    assert caught.value.__cause__ is None and caught.value.__context__ is None


def test_reprs_never_show_credentials():
    client, _, _ = make_client(Script([json_response(200, {})]))
    assert SECRET not in repr(client)
    assert SECRET not in repr(client._client.headers)  # credentials are added at send time only
    assert SECRET not in repr(client._client.auth)
    settings = get_settings(ozon_client_id="123", ozon_api_key=SECRET, wb_token=WB_TOKEN)
    ozon = OzonClient(settings)
    wb = WbClient(settings)
    for text in (repr(ozon), str(ozon), repr(wb), repr(ozon.http), repr(settings)):
        assert SECRET not in text and WB_TOKEN not in text
    ozon.close()
    wb.close()


def test_logs_never_show_credentials(caplog):
    caplog.set_level(logging.DEBUG)
    steps: list[Step] = [json_response(500, {"code": 13, "message": f"Internal error for {SECRET}"}),
             json_response(429, {"code": 8, "message": f"slow down {SECRET}"}, {"Retry-After": "0.01"}),
             httpx.ReadTimeout(f"timeout Api-Key={SECRET}"),
             json_response(403, {"code": 7, "message": f"Api-Key {SECRET} is missing a required role"})]
    client, _, _ = make_client(Script(steps), max_attempts=5)
    with pytest.raises(MarketplaceError):
        client.request("POST", "/v1/roles", bucket=BUCKET, idempotent=True)
    assert caplog.records, "retries should be logged"
    assert SECRET not in caplog.text
    assert all(SECRET not in r.getMessage() for r in caplog.records)


def test_real_http_debug_logging_does_not_leak(caplog):
    """httpx/httpcore debug logs, over a real socket, with the real client classes."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from threading import Thread

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.send_response(404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"code":5,"message":"Invalid Api-Key, please check the key and try again"}')

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    Thread(target=server.serve_forever, daemon=True).start()
    caplog.set_level(logging.DEBUG)
    settings = get_settings(ozon_base_url=f"http://127.0.0.1:{server.server_port}", ozon_client_id="1",
                            ozon_api_key=SECRET)
    try:
        with OzonClient(settings) as client, pytest.raises(MarketplaceError) as caught:
            client.check_key()
    finally:
        server.shutdown()
    assert caught.value.status == 404
    assert SECRET not in caplog.text and SECRET not in everything_about(caught.value)
