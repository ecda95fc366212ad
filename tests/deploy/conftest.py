"""The deployment files under test and the rehearsed image (built once per test file that asks for it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from tests.deploy.compose import ComposeFile, load_compose
from tests.deploy.rehearsal import Image, rehearse_build

REPO = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO / "docker-compose.yml"


def operator_env() -> dict[str, str]:
    """What an operator puts in ``.env``: exactly the variables the compose file requires."""
    return {"POSTGRES_PASSWORD": "rehearsal-password", "OZWB_SECRET_KEYS": Fernet.generate_key().decode()}


@pytest.fixture(scope="module")
def compose() -> ComposeFile:
    return load_compose(COMPOSE_FILE, operator_env())


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Image:
    return rehearse_build(REPO, tmp_path_factory.mktemp("image"))
