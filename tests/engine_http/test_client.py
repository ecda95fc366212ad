import httpx
import pytest

from engine.errors import (
    AmbiguousWriteError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    MarketplaceError,
    NotFoundError,
    OzwbError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    TransportError,
)
from engine.ratelimit import WB_MARKETPLACE
from tests.engine_http.helpers import BUCKET, SECRET, Script, json_response, make_client

OK = json_response(200, {"result": {"ok": True}})


def ozon_error(status: int, code: int, message: str) -> httpx.Response:
    return json_response(status, {"code": code, "message": message, "details": []})


def test_credentials_are_sent_on_every_request():
    script = Script([OK])
    client, _, _ = make_client(script)
    client.request("POST", "/v1/roles", bucket=BUCKET, idempotent=True)
    sent = script.requests[0]
    assert sent.headers["Api-Key"] == SECRET
    assert sent.headers["Client-Id"] == "100"
    assert sent.url == "https://api.example.test/v1/roles"


def test_idempotent_request_retries_5xx_then_succeeds():
    script = Script([ozon_error(500, 13, "Internal error"), ozon_error(503, 14, "unavailable"), OK])
    client, time, limiter = make_client(script)
    response = client.request("POST", "/v3/product/list", json={}, bucket=BUCKET, idempotent=True)
    assert response.json() == {"result": {"ok": True}}
    assert len(script.requests) == 3
    assert len(time.sleeps) == 2 and 0.25 <= time.sleeps[0] <= 0.5 and 0.5 <= time.sleeps[1] <= 1.0
    assert limiter.acquired == ["test.bucket"] * 3  # every attempt is paced


@pytest.mark.parametrize(
    "failure",
    [httpx.ReadTimeout("timed out"), httpx.RemoteProtocolError("peer closed"), httpx.ReadError("reset")],
)
def test_idempotent_request_retries_network_errors(failure):
    script = Script([failure, OK])
    client, _, _ = make_client(script)
    assert client.request("POST", "/x", bucket=BUCKET, idempotent=True).status_code == 200
    assert len(script.requests) == 2


def test_connect_error_is_retried_even_for_a_write():
    # Nothing reached the server, so resending cannot duplicate anything.
    script = Script([httpx.ConnectError("refused"), OK])
    client, _, _ = make_client(script)
    assert client.request("POST", "/upload", bucket=BUCKET, idempotent=False).status_code == 200
    assert len(script.requests) == 2


@pytest.mark.parametrize(
    "failure",
    [httpx.ReadTimeout("timed out"), httpx.RemoteProtocolError("peer closed"),
     json_response(500, {"code": 13, "message": "Internal error"}), json_response(502, {})],
)
def test_write_is_never_resent_after_an_ambiguous_failure(failure):
    script = Script([failure, OK])
    client, _, _ = make_client(script)
    with pytest.raises(AmbiguousWriteError) as caught:
        client.request("POST", "/content/v2/cards/upload", bucket=BUCKET, idempotent=False)
    assert len(script.requests) == 1
    assert isinstance(caught.value, MarketplaceError) and isinstance(caught.value, OzwbError)


def test_write_is_retried_after_429_and_408():
    script = Script([json_response(429, {}, {"X-Ratelimit-Retry": "0.2"}), json_response(408, {}), OK])
    client, _, _ = make_client(script, marketplace="wb")
    assert client.request("POST", "/upload", bucket=BUCKET, idempotent=False).status_code == 200
    assert len(script.requests) == 3


def test_wb_429_waits_as_told_and_holds_everyone_off():
    script = Script([json_response(429, {"title": "too many requests"}, {"X-Ratelimit-Retry": "1.5"}), OK])
    client, time, limiter = make_client(script, marketplace="wb")
    client.request("GET", "/content/v2/object/all", bucket=BUCKET, idempotent=True)
    assert len(limiter.penalties) == 1
    bucket, penalty = limiter.penalties[0]
    assert bucket == "test.bucket" and 1.5 <= penalty <= 1.65
    assert time.sleeps == [penalty]


def test_ozon_429_uses_retry_after_or_backoff():
    script = Script([ozon_error(429, 8, "You have reached request rate limit per second"),
                     json_response(429, {"code": 8}, {"Retry-After": "2"}), OK])
    client, time, limiter = make_client(script)
    client.request("POST", "/v3/product/list", bucket=BUCKET, idempotent=True)
    assert 0.25 <= time.sleeps[0] <= 0.5  # no header: backoff
    assert 2.0 <= time.sleeps[1] <= 2.2
    assert [p for _, p in limiter.penalties] == time.sleeps


def test_429_after_all_attempts_is_rate_limited_error():
    script = Script([json_response(429, {"title": "too many requests", "detail": "limited"},
                                   {"X-Ratelimit-Retry": "0.1"})])
    client, _, _ = make_client(script, marketplace="wb", max_attempts=3)
    with pytest.raises(RateLimitedError) as caught:
        client.request("GET", "/x", bucket=BUCKET, idempotent=True)
    assert len(script.requests) == 3
    assert caught.value.status == 429 and caught.value.retry_after == 0.1


def test_overall_cap_stops_long_waits():
    # A daily quota says "come back in two hours": give up now instead of sleeping.
    script = Script([json_response(429, {"code": 8, "message": "quota"}, {"Item-Retry-After": "120"})])
    client, time, _ = make_client(script, overall=60.0)
    with pytest.raises(RateLimitedError) as caught:
        client.request("POST", "/v3/product/import", bucket=BUCKET, idempotent=True)
    assert time.sleeps == []
    assert caught.value.retry_after == 7200.0


def test_5xx_after_all_attempts_is_server_error():
    script = Script([ozon_error(500, 13, "Internal error")])
    client, _, _ = make_client(script, max_attempts=3)
    with pytest.raises(ServerError) as caught:
        client.request("POST", "/x", bucket=BUCKET, idempotent=True)
    assert caught.value.status == 500 and caught.value.code == 13 and caught.value.message == "Internal error"
    assert len(script.requests) == 3


def test_network_failure_after_all_attempts_is_transport_error():
    script = Script([httpx.ConnectError("connection refused")])
    client, _, _ = make_client(script, max_attempts=2)
    with pytest.raises(TransportError) as caught:
        client.request("POST", "/x", bucket=BUCKET, idempotent=True)
    assert caught.value.status is None and "ConnectError" in caught.value.message


@pytest.mark.parametrize(
    ("status", "code", "message", "cls"),
    [
        (404, 5, "Invalid Api-Key, please check the key and try again", AuthenticationError),
        (404, 5, "Not Found", NotFoundError),
        (403, 7, "Api-Key is missing a required role for a method", PermissionDeniedError),
        (400, 3, "Client-Id header value should be positive integer", BadRequestError),
        (409, 10, "conflict", ConflictError),
        (401, 16, "unauthenticated", AuthenticationError),
    ],
)
def test_ozon_status_mapping(status, code, message, cls):
    script = Script([ozon_error(status, code, message)])
    client, _, _ = make_client(script)
    with pytest.raises(cls) as caught:
        client.request("POST", "/v3/product/list", bucket=BUCKET, idempotent=True)
    error = caught.value
    assert type(error) is cls
    assert (error.marketplace, error.method, error.path, error.status, error.code, error.message) == (
        "ozon", "POST", "/v3/product/list", status, code, message)
    assert len(script.requests) == 1  # a 4xx is final


def test_wb_envelope_keeps_additional_errors():
    body = {"data": None, "error": True, "errorText": "This category does not exist",
            "additionalErrors": {"id": "342342"}}
    client, _, _ = make_client(Script([json_response(400, body)]), marketplace="wb")
    with pytest.raises(BadRequestError) as caught:
        client.request("POST", "/content/v2/cards/upload", bucket=BUCKET, idempotent=False)
    assert caught.value.message == "This category does not exist"
    assert caught.value.additional_errors == {"id": "342342"}


@pytest.mark.parametrize(
    ("status", "body", "cls", "code", "fragment"),
    [
        (401, {"title": "unauthorized", "detail": "token problem; token is expired", "code": "abc", "status": 401},
         AuthenticationError, "abc", "token is expired"),
        (403, {"title": "forbidden", "detail": "token scope not allowed", "status": 403},
         PermissionDeniedError, None, "scope"),
        (400, {"code": "IncorrectRequestBody", "message": "Некорректное тело запроса"},
         BadRequestError, "IncorrectRequestBody", "Некорректное"),
        (409, [{"code": "NotFound", "message": "Товар не найден", "data": [{"chrtId": 1, "amount": 2}]}],
         ConflictError, "NotFound", "Товар не найден"),
        (413, {"title": "request body too long", "status": 413}, BadRequestError, None, "too long"),
    ],
)
def test_wb_error_shapes(status, body, cls, code, fragment):
    client, _, _ = make_client(Script([json_response(status, body)]), marketplace="wb")
    with pytest.raises(cls) as caught:
        client.request("PUT", "/api/v3/stocks/1", bucket=BUCKET, idempotent=True)
    assert caught.value.code == code and fragment in caught.value.message


def test_plain_text_error_body():
    response = httpx.Response(400, text="Invalid 'boundary' for 'multipart/form-data' request",
                              headers={"content-type": "text/plain"})
    client, _, _ = make_client(Script([response]), marketplace="wb")
    with pytest.raises(BadRequestError, match="boundary"):
        client.request("POST", "/content/v3/media/file", bucket=BUCKET, idempotent=True)


def test_marketplace_4xx_is_charged_as_ten():
    body = {"code": "IncorrectRequestBody", "message": "bad"}
    client, _, limiter = make_client(Script([json_response(400, body)]), marketplace="wb")
    with pytest.raises(BadRequestError):
        client.request("PUT", "/api/v3/stocks/1", bucket=WB_MARKETPLACE, idempotent=True)
    assert limiter.charges == [("wb.marketplace", 9)]
    client2, _, limiter2 = make_client(Script([json_response(400, body)]), marketplace="wb")
    with pytest.raises(BadRequestError):
        client2.request("GET", "/content/v2/object/all", bucket=BUCKET, idempotent=True)
    assert limiter2.charges == []


def test_non_json_success_is_unexpected_response():
    from engine.errors import UnexpectedResponseError

    client, _, _ = make_client(Script([httpx.Response(200, text="<html>oops</html>")]))
    with pytest.raises(UnexpectedResponseError):
        client.request_json("POST", "/x", bucket=BUCKET, idempotent=True)
    client2, _, _ = make_client(Script([httpx.Response(204)]))
    assert client2.request_json("PUT", "/x", bucket=BUCKET, idempotent=True) is None


def test_errors_survive_pickling():
    import pickle

    error = RateLimitedError("slow down", marketplace="wb", method="GET", path="/x", retry_after=1.5)
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is RateLimitedError and again.retry_after == 1.5 and str(again) == str(error)
