"""Integrity of the WB directories (colours, kinds, countries, seasons, VAT, TN VED, brands) and warehouses."""

from __future__ import annotations

import re

from tests.samples.conftest import PAIR_SUBJECTS

# The vocabulary the Ozon sample catalog uses too; the two samples must line up on it.
SHARED_COLOURS = {
    "белый", "черный", "серый", "бежевый", "синий", "голубой", "красный", "розовый", "зеленый", "желтый",
    "коричневый", "фиолетовый", "оранжевый", "хаки", "бордовый", "мультиколор",
}
SHARED_COUNTRIES = {"Россия", "Китай", "Турция", "Узбекистан", "Беларусь", "Киргизия", "Вьетнам", "Индия", "Италия",
                    "Корея"}
SAMPLE_BRANDS = {"Северная Нить", "Urban Fox", "Домашний Уют", "КухняПро", "ТехноЛайн", "Лаванда", "Игруля",
                 "Шаг Вперёд", "Lumi", "Nordic Home"}
CLOTHING_AND_SHOES = {192, 69, 180, 11, 184, 1724, 168, 162, 105, 94, 100}


def test_directory_sections_are_all_there(directories):
    assert set(directories) == {"colors", "kinds", "countries", "seasons", "vat", "tnved", "brands"}


def test_colours_are_unique_lowercase_with_known_parents(directories):
    colours = directories["colors"]
    names = [c["name"] for c in colours]
    assert len(colours) >= 55
    assert len(names) == len(set(names))
    for colour in colours:
        assert set(colour) == {"name", "parentName"}
        assert colour["name"] == colour["name"].lower().strip()
        assert "ё" not in colour["name"]
        assert colour["parentName"] in names
    assert set(names) >= SHARED_COLOURS


def test_kinds_seasons_and_vat(directories):
    assert directories["kinds"] == ["Мужской", "Женский", "Детский", "Унисекс"]
    assert set(directories["seasons"]) >= {"демисезон", "лето", "зима", "круглогодичный"}
    vat = directories["vat"]
    assert len(vat) == len(set(vat))
    assert {"0", "10", "20", "Без НДС"} <= set(vat)
    assert all(isinstance(rate, str) for rate in vat)


def test_countries_are_unique_and_capitalised(directories):
    countries = directories["countries"]
    assert len(countries) >= 40
    assert len({c["id"] for c in countries}) == len(countries)
    assert len({c["name"] for c in countries}) == len(countries)
    for country in countries:
        assert set(country) == {"id", "name", "fullName"}
        assert isinstance(country["id"], int) and country["id"] > 0
        assert country["name"][0].isupper() and country["fullName"]
    assert {c["name"] for c in countries} >= SHARED_COUNTRIES
    assert {"id": 15000170, "name": "Китай", "fullName": "Китайская Народная Республика"} in countries


def test_tnved_codes_are_ten_digits_per_charc_subject(directories, charcs):
    tnved = directories["tnved"]
    assert set(tnved) == set(charcs)
    for key, codes in tnved.items():
        assert codes, key
        values = [code["tnved"] for code in codes]
        assert len(values) == len(set(values)), key
        for code in codes:
            assert set(code) == {"tnved", "isKiz"}
            assert re.fullmatch(r"\d{10}", code["tnved"]), code
            assert isinstance(code["isKiz"], bool)
    for subject_id in CLOTHING_AND_SHOES:
        assert all(code["isKiz"] for code in tnved[str(subject_id)]), subject_id
    assert tnved["192"][0] == {"tnved": "6109100000", "isKiz": True}


def test_brands_are_ours_and_consistent(directories, subjects):
    brands = directories["brands"]
    subject_ids = {str(s["subjectID"]) for s in subjects}
    assert set(brands) >= {str(subject_id) for subject_id in PAIR_SUBJECTS}
    assert set(brands) <= subject_ids
    ids_by_name: dict[str, set[int]] = {}
    for key, entries in brands.items():
        assert len(entries) >= 2, key
        assert len({e["name"] for e in entries}) == len(entries), key
        for entry in entries:
            assert set(entry) == {"id", "logoUrl", "name"}
            assert isinstance(entry["logoUrl"], str)
            ids_by_name.setdefault(entry["name"], set()).add(entry["id"])
    assert set(ids_by_name) == SAMPLE_BRANDS
    assert all(len(ids) == 1 for ids in ids_by_name.values())
    assert len({next(iter(ids)) for ids in ids_by_name.values()}) == len(ids_by_name)


def test_offices_are_unique_and_located(warehouses):
    offices = warehouses["offices"]
    assert len({o["id"] for o in offices}) == len(offices) >= 5
    for office in offices:
        # Russia and Belarus: latitude ~ 40..70 N, longitude ~ 20..180 E.
        assert 40 < office["latitude"] < 70 and 20 < office["longitude"] < 180, office
        assert office["cargoType"] in {1, 2, 3} and office["deliveryType"] in {1, 2, 3, 5, 6}
    assert {o["cargoType"] for o in offices} >= {1, 3}


def test_seller_warehouses_sit_on_selected_offices(warehouses):
    offices = {o["id"]: o for o in warehouses["offices"]}
    sellers = warehouses["warehouses"]
    assert 2 <= len(sellers) <= 3
    assert len({w["id"] for w in sellers}) == len(sellers)
    assert len({w["officeId"] for w in sellers}) == len(sellers)
    for warehouse in sellers:
        office = offices[warehouse["officeId"]]
        assert office["selected"] and office["cargoType"] == warehouse["cargoType"]
        assert warehouse["deliveryType"] == 1 and warehouse["name"]
        assert not warehouse["isDeleting"]
    assert {w["cargoType"] for w in sellers} == {1, 3}
    used = {w["officeId"] for w in sellers}
    assert all(o["selected"] == (o["id"] in used) for o in offices.values())
