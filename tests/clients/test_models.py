"""Tolerant parsing of the field-type drift real answers show (ozon-api.md §4.3, §9; spec-quirks.md)."""

from datetime import timedelta
from decimal import Decimal

from engine.ozon.models import ProductAttributes, ProductInfo, ProductListPage, ProductPrices
from engine.wb.card_models import Card, ErrorPage, parse_stamp
from engine.wb.models import PriceTaskGood, StockAmount


def test_attributes_with_string_ids_object_images_and_camel_case_values():
    item = {
        "id": "213761435", "offer_id": 21470, "sku": "423434534", "name": "Ручка",
        "barcodes": "4600000000017",
        "description_category_id": 17028922, "type_id": "94765",
        "height": 10, "depth": "210", "width": 140.5, "dimension_unit": "mm", "weight": "50", "weight_unit": "g",
        "primary_image": "https://ir.ozone.ru/s3/multimedia-4/6804736960.jpg",
        "images": [{"default": False, "file_name": "https://cdn/2.jpg", "index": 1},
                   {"default": True, "file_name": "https://cdn/1.jpg", "index": 0},
                   {"default": False, "file_name": "", "index": 2}],
        "color_image": "",
        "model_info": {"model_id": "43445453", "count": 4},
        "attributes": [{"id": 85, "complex_id": 0, "values": [{"dictionary_value_id": 971034861, "value": "Brand"}]},
                       {"id": 4191, "values": [{"dictionary_value_id": "0", "value": "Описание"}]}],
        "complex_attributes": [{"id": 21841, "complex_id": 100001,
                                "values": [{"dictionaryValueId": 7, "value": "https://video"}]}],
        "attributes_with_defaults": [5435],
        "some_new_field": {"ignored": True},
    }
    parsed = ProductAttributes.model_validate(item)
    assert (parsed.id, parsed.offer_id, parsed.sku, parsed.type_id) == (213761435, "21470", 423434534, 94765)
    assert parsed.barcodes == ["4600000000017"]
    assert parsed.images == ["https://cdn/1.jpg", "https://cdn/2.jpg"]
    assert parsed.primary_image == ["https://ir.ozone.ru/s3/multimedia-4/6804736960.jpg"]
    assert parsed.color_image == []
    assert parsed.depth == Decimal("210") and parsed.width == Decimal("140.5")
    assert parsed.model_info.model_id == 43445453
    description = parsed.attribute(4191)
    assert description is not None and description.texts == ["Описание"]
    assert parsed.complex_attributes[0].values[0].dictionary_value_id == 7


def test_unmoderated_product_has_no_sku_or_model():
    parsed = ProductAttributes.model_validate({"id": 1, "sku": 0, "model_info": {"model_id": 0, "count": 0},
                                                "images": ["https://cdn/a.jpg"], "primary_image": ""})
    assert parsed.sku == 0 and parsed.model_info.model_id == 0
    assert parsed.primary_image == [] and parsed.images == ["https://cdn/a.jpg"]


def test_info_prices_are_strings_and_images_arrays():
    parsed = ProductInfo.model_validate({
        "id": 5, "offer_id": "A-1", "sku": "", "price": "1299.99", "old_price": "1300.0000", "min_price": "",
        "vat": "0.100000", "primary_image": ["https://cdn/p.jpg"], "color_image": [], "currency_code": "RUB",
        "errors": [{"code": "x", "level": "ERROR_LEVEL_WARNING", "texts": {"message": "m"}}],
    })
    assert parsed.price == Decimal("1299.99") and parsed.old_price == Decimal("1300")
    assert parsed.min_price is None and parsed.sku is None and parsed.vat == Decimal("0.1")
    assert parsed.primary_image == ["https://cdn/p.jpg"]
    assert parsed.errors[0].level == "ERROR_LEVEL_WARNING"


def test_v5_prices_are_numbers():
    parsed = ProductPrices.model_validate({"product_id": "7", "offer_id": "A",
                                           "price": {"price": 1299.99, "old_price": 1500, "vat": 0.2,
                                                     "currency_code": "RUB"}})
    assert parsed.price.price == Decimal("1299.99")  # no binary expansion
    assert parsed.price.old_price == Decimal(1500) and parsed.price.vat == Decimal("0.2")


def test_list_total_as_string():
    page = ProductListPage.model_validate({"items": [{"product_id": "1", "offer_id": "x", "sku": "55"}],
                                           "total": "1", "last_id": "WzE="})
    assert page.total == 1 and page.items[0].sku == 55


def test_wb_card_with_uint64_chrt_id_and_fractional_stamp():
    card = Card.model_validate({
        "nmID": 12345678, "imtID": 123654789, "vendorCode": "wb7f6mumjr1",
        "sizes": [{"chrtID": 18446744073709551615, "techSize": "0", "skus": ["987456321654"]}],
        "dimensions": {"length": 55, "width": 40, "height": 15, "weightBrutto": 6.24, "isValid": False},
        "characteristics": [{"id": 14177449, "name": "Цвет", "value": ["красно-сиреневый"]},
                            {"id": 25471, "name": "Вес", "value": 1200}],
        "createdAt": "2023-12-06T11:17:00.96577Z", "updatedAt": "2023-12-06T11:17:00.96577Z",
    })
    assert card.sizes[0].chrt_id == 2**64 - 1
    assert card.dimensions.is_valid is False and card.characteristics[1].value == 1200
    stamp = parse_stamp(card.created_at)
    assert stamp is not None and stamp.microsecond == 965770 and stamp.utcoffset() == timedelta(0)
    other = parse_stamp("2025-08-05T17:54:40+08:00")
    assert other is not None and other.utcoffset() == timedelta(hours=8)
    assert parse_stamp("") is None and parse_stamp("yesterday") is None


def test_wb_error_list_page():
    page = ErrorPage.model_validate({
        "items": [{"batchUUID": "b1", "subjects": {"x": {"id": 184, "name": "Рубашки"}}, "brands": {},
                   "vendorCodes": ["x"], "errors": {"x": ["Запрещено использовать E-Mail в поле Наименование"]},
                   "updatedAt": "2025-12-20T23:59:59Z"}],
        "cursor": {"next": True, "updatedAt": "2025-12-20T23:59:59Z", "batchUUID": "b1"}})
    assert page.items[0].errors == {"x": ["Запрещено использовать E-Mail в поле Наименование"]}
    assert page.cursor.next is True


def test_wb_price_history_nullables_and_stock_uint64():
    good = PriceTaskGood.model_validate({"nmID": 1, "sizeID": None, "price": None, "clubDiscount": None,
                                         "status": 3, "errorText": None})
    assert good.price is None and good.error_text == "" and good.status == 3
    assert StockAmount.model_validate({"chrtId": 2**63 + 5, "amount": 3}).chrt_id == 2**63 + 5
