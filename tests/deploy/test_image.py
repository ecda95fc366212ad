"""The Dockerfile rehearsed without Docker (tests/deploy/rehearsal.py): the image's own install runs ozwb,
ships everything the code needs, and the compose ``web`` + ``worker`` commands serve the whole flow."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.deploy.conftest import REPO
from tests.deploy.dockerfile import DockerIgnore
from tests.deploy.rehearsal import Image

PACKAGES = ("engine", "api", "worker", "sandbox", "cli")
PROBE = """
import importlib, json, sys
from api.templating import resource_dir, ROOT
from engine.store.migrations import head_revision
from sandbox.paths import samples_dir
print(json.dumps({
    "modules": {name: importlib.import_module(name).__file__ for name in sys.argv[1:]},
    "editable": sorted(name for name in sys.modules if "editable" in name),
    "path": sys.path,
    "templates": str(resource_dir("templates", ROOT / "templates")),
    "static": str(resource_dir("static", ROOT / "api" / "static")),
    "samples": str(samples_dir()),
    "head": head_revision(),
}))
"""


def run_in_image(image: Image, argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=image.workdir, env=image.env(), capture_output=True, text=True, check=False,
                          timeout=120)


def test_the_entrypoint_runs_ozwb_from_the_image_not_the_checkout(image: Image) -> None:
    entrypoint = image.command(["--help"])
    assert Path(entrypoint[0]) == image.path("/usr/local/bin/ozwb")
    interpreter = Path(entrypoint[0]).read_text().splitlines()[0].removeprefix("#!")
    assert Path(interpreter) == image.final.python  # the build stage's script, as COPY --from put it
    shown = run_in_image(image, entrypoint)
    assert shown.returncode == 0, shown.stderr
    assert all(name in shown.stdout for name in ("serve", "worker", "sandbox", "demo"))

    probe = run_in_image(image, [interpreter, "-c", PROBE, *PACKAGES])
    assert probe.returncode == 0, probe.stderr
    found = json.loads(probe.stdout)
    for name, file in found["modules"].items():
        assert Path(file).is_relative_to(image.final.site_packages), (name, file)
    assert found["editable"] == []
    on_path = [image.workdir / entry for entry in found["path"]]  # "" is the probe's working directory
    with_ozwb = [entry for entry in on_path if (entry / "engine" / "settings.py").exists()]
    assert with_ozwb == [image.final.site_packages] and REPO not in {entry.resolve() for entry in on_path}
    # Package data and the folders the image copies next to the code, found from WORKDIR like in production.
    assert found["head"] == _repo_head()
    assert Path(found["templates"]) == image.workdir / "templates"
    assert Path(found["static"]) == image.workdir / "static"
    assert Path(found["samples"]) == image.workdir / "samples"


def _repo_head() -> str:
    from engine.store.migrations import head_revision

    return head_revision()


def test_everything_the_code_ships_is_in_the_image_and_nothing_else(image: Image) -> None:
    ignore = DockerIgnore.read(REPO / ".dockerignore")
    tracked = [str(path.relative_to(REPO)) for folder in (*PACKAGES, "templates", "samples")
               for path in (REPO / folder).rglob("*") if path.is_file()]
    tracked = [file for file in tracked if not ignore.excludes(file)]
    copied_beside = {"templates": "templates", "samples": "samples", "api/static": "static"}  # repo → /app/…
    missing = []
    for file in tracked:
        for folder, target in copied_beside.items():
            if file.startswith(f"{folder}/"):
                place = image.workdir / target / file.removeprefix(f"{folder}/")
                break
        else:
            place = image.final.site_packages / file
        if not place.is_file():
            missing.append(file)
    assert missing == [], f"not in the image: {missing}"

    installed = {path.name for path in image.final.site_packages.iterdir()}
    assert "tests" not in installed and {p.name for p in image.workdir.iterdir()} == {"samples", "templates", "static"}
    source = image.stages[0].path("/src")  # the build context as the build stage received it (.dockerignore)
    leaked = [str(p.relative_to(source)) for p in source.rglob("*")
              if p.name in {".venv", "tests", ".git", "var", "__pycache__"} or p.suffix == ".pyc"]
    assert leaked == []
