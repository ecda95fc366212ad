from collections.abc import Callable

import httpx
import pytest

from engine.errors import AmbiguousWriteError, BadRequestError
from engine.http import RetryPolicy
from engine.ratelimit import UnlimitedRateLimiter
from engine.settings import get_settings
from engine.wb import CardDraft, CardGroup, Characteristic, Dimensions, Size, WbClient
from tests.clients.fake_wb import FakeWb
from tests.engine_http.helpers import Script, json_response


def client_for(transport: Callable[[httpx.Request], httpx.Response], wait: float = 0.05) -> WbClient:
    settings = get_settings(wb_token="test-token-0000", wb_content_url="https://wb.test")
    policy = RetryPolicy(max_attempts=3, backoff_base=0.001, backoff_cap=0.002, timeout=5)
    return WbClient(settings, limiter=UnlimitedRateLimiter(), policy=policy,
                    transport=httpx.MockTransport(transport), card_creation_wait=wait)


def groups(*codes_per_group: list[str]) -> list[CardGroup]:
    return [CardGroup(subject_id=812, variants=[
        CardDraft(vendor_code=code, title="Кружка", brand="КухняПро",
                  dimensions=Dimensions(length=12, width=9, height=10, weight_brutto=0.35),
                  characteristics=[Characteristic(id=14177449, value=["белый"])],
                  sizes=[Size(skus=["4600000000017"], price=500)])
        for code in codes]) for codes in codes_per_group]


def test_upload_body_is_what_wb_expects():
    fake = FakeWb()
    with client_for(fake) as client:
        outcome = client.upload_cards(groups(["A", "B"], ["C"]))
    assert outcome.accepted == ["A", "B", "C"] and outcome.ambiguous_attempts == 0 and not outcome.resent
    assert fake.calls == {"/content/v2/cards/upload": 1}


def test_lost_answer_is_reconciled_without_resending():
    fake = FakeWb(script=["lost"])
    with client_for(fake) as client:
        outcome = client.upload_cards(groups(["A", "B"], ["C"]))
    assert sorted(outcome.accepted) == ["A", "B", "C"]
    assert set(outcome.created) == {"A", "B", "C"} and outcome.ambiguous_attempts == 1
    assert fake.uploads == 1 and fake.conflicts == 0
    assert all(n == 1 for n in fake.created.values())


def test_failure_before_processing_is_resent_after_finding_no_trace():
    fake = FakeWb(script=["fail", "ok"])
    with client_for(fake) as client:
        outcome = client.upload_cards(groups(["A"], ["B"]))
    assert outcome.accepted == ["A", "B"] and outcome.resent == ["A", "B"]
    assert fake.uploads == 2 and fake.conflicts == 0


def test_slow_creation_then_conflict_means_accepted():
    # Accepted, but the cards show up only after our wait: the resend is refused as a duplicate.
    fake = FakeWb(script=["lost", "ok"], visible_after=1000)
    with client_for(fake) as client:
        outcome = client.upload_cards(groups(["A", "B"]))
    assert outcome.accepted == ["A", "B"] and outcome.resent == ["A", "B"]
    assert fake.conflicts == 1 and fake.uploads == 2
    fake.visible_after = 0
    fake.pending = [(0, codes) for _, codes in fake.pending]
    fake._materialise()
    assert fake.created == {"A": 1, "B": 1}


def test_rejected_cards_found_while_reconciling():
    fake = FakeWb(script=["lost"], reject={"B": ["Поле Наименование не должно содержать запрещенные символы"]})
    with client_for(fake) as client:
        outcome = client.upload_cards(groups(["A"], ["B"]))
    assert sorted(outcome.accepted) == ["A", "B"]
    assert outcome.rejected == {"B": ["Поле Наименование не должно содержать запрещенные символы"]}
    assert set(outcome.created) == {"A"}


def test_partial_sighting_resends_only_the_rest():
    fake = FakeWb(script=["lost", "ok"])
    with client_for(fake) as client:
        fake_groups = groups(["A"], ["B"])
        original = fake._materialise

        def only_a():
            original()
            if "B" in fake.cards:  # hide B as if it had not surfaced yet
                fake.pending.append((10**6, ["B"]))
                del fake.cards["B"]
                fake.created["B"] -= 1

        fake._materialise = only_a  # type: ignore[method-assign]
        outcome = client.upload_cards(fake_groups)
    assert sorted(outcome.accepted) == ["A", "B"] and outcome.resent == ["B"]
    assert fake.conflicts == 1  # B was pending: the resend proves it, B is not created twice


def test_real_conflict_with_an_older_card_is_raised():
    fake = FakeWb(script=["fail", "ok"])
    fake.preexisting("A")
    with client_for(fake) as client, pytest.raises(BadRequestError) as caught:
        client.upload_cards(groups(["A"]))
    assert "already used before this upload: A" in caught.value.message
    assert caught.value.details == {"vendorCodes": ["A"]}


def test_plain_conflict_is_raised():
    fake = FakeWb()
    fake.preexisting("A")
    with client_for(fake) as client, pytest.raises(BadRequestError, match="vendor code is used"):
        client.upload_cards(groups(["A"]))
    assert fake.calls["/content/v2/get/cards/list"] == 0  # no reconciliation without ambiguity


def test_gives_up_after_repeated_ambiguity():
    fake = FakeWb(script=["fail"])
    with client_for(fake, wait=0.01) as client, pytest.raises(AmbiguousWriteError):
        client.upload_cards(groups(["A"]))
    assert fake.uploads == 6


def test_request_limits_are_enforced_locally():
    with client_for(FakeWb()) as client:
        with pytest.raises(ValueError, match=r"1\.\.100"):
            client.upload_cards(groups(*[[f"c{i}"] for i in range(101)]))
        with pytest.raises(ValueError, match=r"1\.\.30"):
            client.upload_cards(groups([f"c{i}" for i in range(31)]))
        with pytest.raises(ValueError, match="vendorCode"):
            client.upload_cards(groups(["A"], ["A"]))


@pytest.mark.parametrize("additional", [{"vendor_code_1": "missing required characteristics with ids: {1}"},
                                        "some text", None])
def test_http_200_with_error_true_is_an_error(additional):
    body = {"data": None, "error": True, "errorText": "some items lacks required characteristics",
            "additionalErrors": additional}
    with client_for(Script([json_response(200, body)])) as client, pytest.raises(BadRequestError) as caught:
        client.get_limits()
    assert caught.value.status == 200 and caught.value.additional_errors == additional


def test_envelope_and_brands_paging():
    steps = [json_response(200, {"brands": [{"id": 1, "name": "Lumi"}], "next": 5, "total": 2}),
             json_response(200, {"brands": [{"id": 2, "name": "Nordic Home"}], "total": 2})]
    script = Script(steps)
    with client_for(script) as client:
        assert [b.name for b in client.iter_brands(192)] == ["Lumi", "Nordic Home"]
    assert script.requests[1].url.params["next"] == "5"
    assert script.requests[0].headers["Authorization"] == "Bearer test-token-0000"


def test_price_task_already_exists_is_success():
    body = {"data": {"id": 77, "alreadyExists": True}, "error": False, "errorText": "This task already exists"}
    from engine.wb import PriceItem

    with client_for(Script([json_response(208, body)])) as client:
        ref = client.upload_price_task([PriceItem(nm_id=1, price=500, discount=10)])
    assert ref.id == 77 and ref.already_exists


def test_update_with_new_sizes_is_not_resent():
    from engine.wb import CardUpdate

    script = Script([httpx.ReadTimeout("lost"), json_response(200, {"data": None, "error": False})])
    card = CardUpdate(nm_id=5, vendor_code="A", sizes=[Size(chrt_id=9, tech_size="S"), Size(tech_size="M")])
    with client_for(script) as client, pytest.raises(AmbiguousWriteError):
        client.update_cards([card])
    assert len(script.requests) == 1
    script2 = Script([httpx.ReadTimeout("lost"), json_response(200, {"data": None, "error": False})])
    whole = CardUpdate(nm_id=5, vendor_code="A", sizes=[Size(chrt_id=9, tech_size="S")])
    with client_for(script2) as client:
        client.update_cards([whole])  # every size known: overwriting again is harmless
    assert len(script2.requests) == 2
