import pytest

from sandbox.config import FaultSpec, FaultSpecError, SandboxConfig


def test_fault_spec_parses_every_kind():
    spec = FaultSpec.parse("429=0.1,500=0.05,timeout=0.02,reset=0.01")
    assert spec.rates == {"429": 0.1, "500": 0.05, "timeout": 0.02, "reset": 0.01}
    assert spec.active


def test_empty_fault_spec_is_inactive():
    assert not FaultSpec.parse("").active
    assert not FaultSpec.parse(None).active


@pytest.mark.parametrize("text", ["418=0.1", "429", "429=x", "429=1.5", "429=0.6,500=0.6"])
def test_bad_fault_spec_is_rejected_with_a_reason(text):
    with pytest.raises(FaultSpecError):
        FaultSpec.parse(text)


def test_speed_scales_real_delays():
    assert SandboxConfig(speed=60).scaled(6.0) == pytest.approx(0.1)
