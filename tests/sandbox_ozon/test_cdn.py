"""The photo CDN: sizes and formats from the URL, corrupt and huge photos, determinism."""

import io

import httpx
import pytest
from PIL import Image


@pytest.fixture(scope="module")
def cdn(sandbox):
    with httpx.Client(base_url=f"{sandbox.url}/cdn/img", timeout=60) as client:
        yield client


@pytest.mark.parametrize(
    ("name", "size", "fmt", "media"),
    [
        ("uf-ts-00001-blk-1-900x1200.jpg", (900, 1200), "JPEG", "image/jpeg"),
        ("adv-small-1-600x800.jpg", (600, 800), "JPEG", "image/jpeg"),
        ("lm-bb-00002-bei-2-1000x1000.png", (1000, 1000), "PNG", "image/png"),
        ("x-1200x1600.webp", (1200, 1600), "WEBP", "image/webp"),
    ],
)
def test_photo_has_the_size_and_format_of_its_name(cdn, name, size, fmt, media):
    response = cdn.get(f"/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"] == media
    image = Image.open(io.BytesIO(response.content))
    assert image.size == size and image.format == fmt
    image.load()
    assert len(image.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 10  # a picture, not a flat fill


def test_photos_are_deterministic_and_differ_by_key(cdn):
    first = cdn.get("/sn-ts-00003-red-1-300x400.jpg").content
    assert cdn.get("/sn-ts-00003-red-1-300x400.jpg").content == first
    assert cdn.get("/sn-ts-00003-grn-1-300x400.jpg").content != first


def test_corrupt_photo_does_not_decode(cdn):
    response = cdn.get("/corrupt-1.jpg")
    assert response.status_code == 200 and response.headers["content-type"] == "image/jpeg"
    assert response.content[:2] == b"\xff\xd8"
    with pytest.raises(OSError):
        Image.open(io.BytesIO(response.content)).load()


def test_huge_photo_is_a_valid_png_over_32_mb(cdn):
    response = cdn.get("/huge-1.png")
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    assert len(response.content) > 32 * 1024 * 1024
    assert Image.open(io.BytesIO(response.content)).format == "PNG"


@pytest.mark.parametrize("name", ["nope.gif", "a-0x10.jpg", "a-5000x10.jpg", "A-10x10.jpg", "..-10x10.jpg"])
def test_bad_names_are_404(cdn, name):
    assert cdn.get(f"/{name}").status_code == 404


def test_every_catalog_photo_url_resolves(ozon, sandbox):
    ids = ozon.post("/v3/product/list", json={"filter": {"offer_id": ["ADV-PHOTO-SMALL", "ADV-FORMULA-01"]},
                                               "limit": 10}).json()["result"]["items"]
    items = ozon.post("/v3/product/info/list", json={"product_id": [i["product_id"] for i in ids]}).json()["items"]
    sizes = set()
    for item in items:
        for url in item["images"]:
            assert url.startswith(f"{sandbox.url}/cdn/img/")
            response = httpx.get(url)
            assert response.status_code == 200
            sizes.add(Image.open(io.BytesIO(response.content)).size)
    assert {(600, 800), (500, 500), (900, 1200)} <= sizes
