from engine.mapping.text import WB_TITLE_LIMIT, html_to_text, shorten_title, strip_emoji


def test_html_becomes_plain_lines_and_scripts_vanish():
    text = html_to_text("Мягкая<br/>ткань<ul><li>хлопок</li><li>лён &amp; шёлк</li></ul><script>alert(1)</script>")
    assert text == "Мягкая\nткань\n• хлопок\n• лён & шёлк"


def test_plain_text_is_kept():
    assert html_to_text("  Просто   текст ") == "Просто текст"


def test_short_titles_stay_as_they_are():
    assert shorten_title("Кружка керамическая 350 мл") == "Кружка керамическая 350 мл"


def test_long_title_keeps_type_word_and_brand():
    name = "Футболка женская оверсайз из хлопка с принтом и длинным рукавом для спорта и отдыха Urban Fox"
    title = shorten_title(name, brand="Urban Fox", type_word="Футболка")
    assert len(title) <= WB_TITLE_LIMIT
    assert title.startswith("Футболка")
    assert title.endswith("Urban Fox")


def test_type_word_is_added_when_the_name_lacks_it():
    name = "Очень длинное название модели с перечислением всех достоинств товара и ещё немного слов"
    title = shorten_title(name, type_word="Плед")
    assert title.startswith("Плед ")
    assert len(title) <= WB_TITLE_LIMIT


def test_300_character_title_is_cut_at_a_word():
    name = ("Сумка " + "очень " * 60).strip()
    title = shorten_title(name, type_word="Сумка")
    assert len(title) <= WB_TITLE_LIMIT
    assert not title.endswith(" ")
    assert title.split()[-1] == "очень"


def test_emoji_are_removed():
    assert strip_emoji("Игрушка 🧸 мягкая ✨") == "Игрушка мягкая"
