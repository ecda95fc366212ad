"""The Dockerfile executed without Docker: every stage gets a folder standing for its filesystem root.

A stage's ``FROM python:X.Y-slim`` is a fresh venv of this machine's CPython X.Y at ``<root>/usr/local``
(where the official image keeps its Python). Third-party packages are not downloaded: one ``.pth`` line
in that venv points at the dev venv's site-packages. A ``.pth`` line only adds the folder to ``sys.path``
(the ``.pth`` files inside it are not run), so the dev venv's editable-install finder of ozwb stays off:
ozwb itself can only come from what the build stage installed. ``pip install`` runs with ``--no-deps
--no-build-isolation --no-index --ignore-installed``: offline, and it never touches the dev venv.

RUN lines are rehearsed by command: ``pip install`` runs, ``mkdir -p`` makes the folder, ``useradd`` and
``chown`` are skipped (the rehearsal runs as the current user); any other command fails the rehearsal.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath

from packaging.requirements import Requirement

from tests.deploy.dockerfile import Copy, DockerfileError, DockerIgnore, Stage, read_dockerfile

PYTHON_IMAGE = re.compile(r"python:(\d+)\.(\d+)(?:\.\d+)?(?:-slim)?(?:-\w+)?")
PY = f"python{sys.version_info.major}.{sys.version_info.minor}"
SKIPPED_COMMANDS = {"useradd", "chown"}  # users and owners: the rehearsal runs as whoever runs the tests


def dev_site_packages() -> Path:
    return Path(sysconfig.get_paths()["purelib"])


@dataclass
class StageRoot:
    stage: Stage
    root: Path

    def path(self, container_path: str) -> Path:
        return self.root / PurePosixPath(container_path).relative_to("/")

    @property
    def python(self) -> Path:
        return self.path("/usr/local/bin/python")

    @property
    def site_packages(self) -> Path:
        return self.path(f"/usr/local/lib/{PY}/site-packages")


def _base_image(root: StageRoot) -> None:
    found = PYTHON_IMAGE.fullmatch(root.stage.image)
    if not found:
        raise DockerfileError(f"only python:X.Y images are rehearsed, not {root.stage.image}")
    wanted = (int(found.group(1)), int(found.group(2)))
    if wanted != sys.version_info[:2]:
        raise DockerfileError(f"{root.stage.image} needs Python {wanted}, the rehearsal runs {sys.version_info[:2]}")
    venv.EnvBuilder(symlinks=True, with_pip=False).create(root.path("/usr/local"))
    (root.site_packages / "zz-rehearsal-third-party.pth").write_text(f"{dev_site_packages()}\n")


def _copy_tree(source: Path, target: Path, relative: str, ignore: DockerIgnore | None) -> None:
    if source.is_dir():
        for child in sorted(source.iterdir()):
            _copy_tree(child, target / child.name, f"{relative}/{child.name}".lstrip("/"), ignore)
        return
    if ignore is not None and ignore.excludes(relative):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)


def _fix_shebangs(folder: Path, old_root: Path, new_root: Path) -> None:
    """A script installed in one stage names its interpreter by container path; ours differ by stage root."""
    if not folder.is_dir():
        return
    for script in folder.iterdir():
        if not script.is_file():
            continue
        data = script.read_bytes()
        if data.startswith(b"#!") and str(old_root).encode() in data.split(b"\n", 1)[0]:
            first, _, rest = data.partition(b"\n")
            script.write_bytes(first.replace(str(old_root).encode(), str(new_root).encode()) + b"\n" + rest)


def _copy(step: Copy, here: StageRoot, workdir: str, context: Path, ignore: DockerIgnore,
          stages: dict[str, StageRoot]) -> None:
    destination = PurePosixPath(workdir) / step.destination  # an absolute destination replaces the workdir
    into_folder = step.destination.endswith("/") or len(step.sources) > 1
    for source in step.sources:
        if step.from_stage is not None:
            origin = stages[step.from_stage]
            source_path, relative, rules = origin.path(source), None, None
        else:
            source_path, relative, rules = context / source, source.strip("/"), ignore
            if relative and ignore.excludes(relative):
                raise DockerfileError(f"COPY {source}: excluded by .dockerignore")
        if not source_path.exists():
            raise DockerfileError(f"COPY {source}: not found")
        target = here.path(str(destination))
        if source_path.is_file() and into_folder:
            target = target / source_path.name
        _copy_tree(source_path, target, relative or "", rules)
        if step.from_stage is not None:
            _fix_shebangs(target / "bin", stages[step.from_stage].root, here.root)


def _run(command: str, here: StageRoot, workdir: str) -> None:
    words = shlex.split(command, comments=True)
    groups: list[list[str]] = [[]]
    for word in words:
        if word == "&&":
            groups.append([])
        else:
            groups[-1].append(word)
    for argv in groups:
        if not argv:
            raise DockerfileError(f"cannot read RUN {command}")
        if argv[0] in SKIPPED_COMMANDS:
            continue
        if argv[0] == "mkdir" and "-p" in argv:
            for folder in (a for a in argv[1:] if not a.startswith("-")):
                here.path(str(PurePosixPath(workdir) / folder)).mkdir(parents=True, exist_ok=True)
        elif argv[:2] == ["pip", "install"]:
            _pip_install(argv[2:], here, workdir)
        else:
            raise DockerfileError(f"RUN command {argv[0]!r} is not rehearsed: {command}")


def _check_build_backend(project: Path) -> None:
    """``--no-build-isolation`` builds with the dev venv's backend: it must be one pyproject.toml asks for."""
    for line in tomllib.loads((project / "pyproject.toml").read_text())["build-system"]["requires"]:
        requirement = Requirement(line)
        try:
            installed = metadata.version(requirement.name)
        except metadata.PackageNotFoundError:
            raise DockerfileError(f"build requirement {line} is not installed (pip install -e '.[dev]')") from None
        if not requirement.specifier.contains(installed, prereleases=True):
            raise DockerfileError(f"build requirement {line}: {installed} is installed (pip install -e '.[dev]')")


def _pip_install(arguments: list[str], here: StageRoot, workdir: str) -> None:
    _check_build_backend(here.path(workdir))
    translated = [f"--prefix={here.path(a.removeprefix('--prefix='))}" if a.startswith("--prefix=") else a
                  for a in arguments]
    command = [str(here.python), "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index",
               "--ignore-installed", "--quiet", "--disable-pip-version-check", *translated]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(here.path("/root")), "LANG": "C.UTF-8",
           "PIP_CONFIG_FILE": os.devnull}
    done = subprocess.run(command, cwd=here.path(workdir), env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise DockerfileError(f"pip install failed:\n{done.stdout}\n{done.stderr}")


@dataclass
class Image:
    """The last stage, laid out: run its ENTRYPOINT with :meth:`command` and :meth:`env`."""

    final: StageRoot
    stages: list[StageRoot]

    @property
    def stage(self) -> Stage:
        return self.final.stage

    def path(self, container_path: str) -> Path:
        return self.final.path(container_path)

    @property
    def workdir(self) -> Path:
        return self.path(self.stage.workdir)

    def env(self, service_env: dict[str, str] | None = None) -> dict[str, str]:
        """What a container sees: the image's PATH and ENV, then the service's environment; nothing of ours."""
        home = self.path(f"/home/{self.stage.user}")  # useradd --create-home made it in the image
        home.mkdir(parents=True, exist_ok=True)
        return {"PATH": f"{self.path('/usr/local/bin')}:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8",
                **self.stage.env, **(service_env or {})}

    def command(self, arguments: list[str] | None = None) -> list[str]:
        """``docker run IMAGE [ARGS]``: ENTRYPOINT plus the arguments, or plus CMD when there are none."""
        argv = [*self.stage.entrypoint, *(arguments if arguments else self.stage.cmd)]
        found = shutil.which(argv[0], path=self.env()["PATH"])
        if found is None:
            raise DockerfileError(f"ENTRYPOINT {argv[0]} is not on the image's PATH")
        return [found, *argv[1:]]


def rehearse_build(context: Path, workspace: Path, dockerfile: str = "Dockerfile") -> Image:
    ignore = DockerIgnore.read(context / ".dockerignore")
    roots: list[StageRoot] = []
    by_name: dict[str, StageRoot] = {}
    for index, stage in enumerate(read_dockerfile(context / dockerfile)):
        here = StageRoot(stage, workspace / f"stage-{index}")
        _base_image(here)
        workdir = "/"
        for kind, step in stage.steps:
            if kind == "workdir":
                workdir = str(step)
                here.path(workdir).mkdir(parents=True, exist_ok=True)
            elif kind == "copy" and isinstance(step, Copy):
                _copy(step, here, workdir, context, ignore, by_name)
            else:
                _run(str(step), here, workdir)
        roots.append(here)
        by_name[stage.name or str(index)] = here
    return Image(roots[-1], roots)
