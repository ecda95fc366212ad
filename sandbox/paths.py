"""Where the sandbox finds the sample data it serves."""

from __future__ import annotations

import os
from pathlib import Path


def samples_dir() -> Path:
    """``$OZWB_SAMPLES_DIR``, else the repo's ``samples/``, else ``./samples`` (the Docker image)."""
    explicit = os.environ.get("OZWB_SAMPLES_DIR")
    if explicit:
        return Path(explicit)
    beside_code = Path(__file__).resolve().parents[1] / "samples"
    if beside_code.is_dir():
        return beside_code
    return Path.cwd() / "samples"
