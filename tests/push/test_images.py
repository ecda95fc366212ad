"""Making a photo acceptable to WB ourselves: small ones padded and enlarged, odd formats converted."""

import io

from PIL import Image

from engine.push.images import MIN_HEIGHT, MIN_WIDTH, PreparedPhoto, link_acceptable, prepare_photo


def picture(size: tuple[int, int], kind: str = "JPEG", mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (200, 30, 40) if mode == "RGB" else 128).save(out, kind)
    return out.getvalue()


def opened(photo: PreparedPhoto) -> Image.Image:
    return Image.open(io.BytesIO(photo.content))


def test_a_good_photo_goes_as_it_is():
    data = picture((900, 1200))
    photo = prepare_photo(data, "A-1")
    assert isinstance(photo, PreparedPhoto)
    assert photo.content == data and photo.filename == "A-1.jpg" and photo.note == ""


def test_a_small_photo_is_padded_towards_three_by_four_and_enlarged_with_a_note():
    photo = prepare_photo(picture((400, 300)), "A-2")
    assert isinstance(photo, PreparedPhoto)
    width, height = opened(photo).size
    assert width >= MIN_WIDTH and height >= MIN_HEIGHT
    assert abs(width / height - 3 / 4) < 0.01  # not a 4:3 picture blown up to 1200×900
    assert "увеличено с 400×300" in photo.note


def test_other_formats_become_jpeg_and_broken_files_are_refused():
    photo = prepare_photo(picture((800, 1000), "BMP"), "A-3")
    assert isinstance(photo, PreparedPhoto)
    assert opened(photo).format == "JPEG" and "переведён в JPG" in photo.note
    assert prepare_photo(b"\xff\xd8\xff\xe0" + b"\x00" * 500, "A-4") == "файл повреждён или не является изображением"


def test_only_direct_links_with_a_file_name_go_by_link():
    assert link_acceptable("https://cdn.example/p/1.jpg")
    assert not link_acceptable("https://drive.example/view?id=1")
    assert not link_acceptable("ftp://cdn.example/1.jpg")
