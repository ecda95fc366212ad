"""JSON bodies decode to the same values whichever decoder (orjson or the standard library) takes them."""

import json
import math

import httpx
import pytest

from engine.errors import UnexpectedResponseError
from engine.http.decoding import loads_json
from tests.engine_http.helpers import BUCKET, Script, make_client

PAGE = {
    "items": [
        {"id": 1, "name": "Платье «Лето» \u2028 ☀", "price": "1299.00", "vat": 0.2, "images": ["http://x/1.jpg"],
         "model_info": {"model_id": 9_007_199_254_740_993}, "flags": [True, False, None], "depth": 1e-7}
    ],
    "total": 1,
}


def test_ordinary_bodies_decode_as_the_standard_library_does():
    raw = json.dumps(PAGE, ensure_ascii=False).encode()
    assert loads_json(raw) == json.loads(raw) == PAGE
    escaped = json.dumps(PAGE).encode()  # \\uXXXX escapes instead of UTF-8
    assert loads_json(escaped) == PAGE


@pytest.mark.parametrize(
    "raw",
    [
        b'{"price": NaN, "old": Infinity}',  # the standard library's extensions
        '{"name": "a"}'.encode("utf-16"),  # another Unicode encoding, with its BOM
        b'\xef\xbb\xbf{"name": "a"}',  # a UTF-8 BOM
        b'{"text": "\\ud800"}',  # a lone surrogate
    ],
)
def test_what_orjson_refuses_still_decodes(raw):
    found = loads_json(raw)
    expected = json.loads(raw)
    assert found.keys() == expected.keys()
    for key, value in expected.items():
        if isinstance(value, float) and math.isnan(value):
            assert math.isnan(found[key])
        else:
            assert found[key] == value


def test_integers_keep_their_exact_value_up_to_64_bits():
    assert loads_json(b"[9223372036854775807, -9223372036854775808, 18446744073709551615]") == [
        2**63 - 1, -(2**63), 2**64 - 1]
    # Beyond 64 bits orjson gives the nearest float; no marketplace id is that long (both APIs declare int64).
    assert loads_json(b"[123456789012345678901234567890]") == [1.2345678901234568e29]


@pytest.mark.parametrize("raw", [b"<html>oops</html>", b'{"a": 1', b"\xff\xfe\x00garbage", b""])
def test_not_json_raises_value_error(raw):
    with pytest.raises(ValueError):
        loads_json(raw)


def test_client_decodes_through_the_same_path():
    client, _, _ = make_client(Script([httpx.Response(200, content=b'{"a": NaN, "b": [1, 2]}')]))
    found = client.request_json("POST", "/x", bucket=BUCKET, idempotent=True)
    assert math.isnan(found["a"]) and found["b"] == [1, 2]
    broken, _, _ = make_client(Script([httpx.Response(200, content=b"\xff\xfe\xfd")]))
    with pytest.raises(UnexpectedResponseError):
        broken.request_json("POST", "/x", bucket=BUCKET, idempotent=True)


def test_a_decoded_answer_is_freed_without_the_cyclic_collector():
    # The catalog read pauses the collector; an answer body left in a cycle would stay until the read ends.
    import gc
    import weakref

    # a fresh answer per request: the script must not hold on to it
    client, _, _ = make_client(Script([lambda _: httpx.Response(200, content=b'{"items": [1, 2, 3]}')]))
    response = client.request("POST", "/x", bucket=BUCKET, idempotent=True)
    assert client.decode("POST", "/x", response) == {"items": [1, 2, 3]}
    assert response.json() == {"items": [1, 2, 3]} and response.read() == b'{"items": [1, 2, 3]}'
    gone = weakref.ref(response)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        del response
        assert gone() is None
    finally:
        if was_enabled:
            gc.enable()
