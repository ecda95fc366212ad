"""A parser for the Dockerfile instructions ozwb's image uses, and the build context's ``.dockerignore``.

Only what our Dockerfile needs: FROM [AS], WORKDIR, COPY [--from] [--chown], RUN, ENV, USER, EXPOSE,
ENTRYPOINT, CMD, line continuations and whole-line comments. Any other instruction is an error, so a new
one in the Dockerfile makes the rehearsal fail instead of being skipped silently.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

KNOWN = {"FROM", "WORKDIR", "COPY", "RUN", "ENV", "USER", "EXPOSE", "ENTRYPOINT", "CMD"}


class DockerfileError(ValueError):
    """The Dockerfile uses something this parser does not know."""


@dataclass(frozen=True)
class Copy:
    sources: list[str]
    destination: str
    from_stage: str | None = None
    chown: str | None = None


@dataclass
class Stage:
    image: str
    name: str | None
    workdir: str = "/"
    env: dict[str, str] = field(default_factory=dict)
    user: str = "root"
    # ("copy", Copy) / ("run", str) / ("workdir", str) in Dockerfile order: each step sees the ones before it.
    steps: list[tuple[str, Copy | str]] = field(default_factory=list)
    exposed: list[int] = field(default_factory=list)
    entrypoint: list[str] = field(default_factory=list)
    cmd: list[str] = field(default_factory=list)


def logical_lines(text: str) -> Iterator[str]:
    """Instructions with their ``\\`` continuations joined; whole-line comments and blank lines dropped."""
    pending = ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if pending and stripped.startswith("#"):  # comments inside a continued instruction are dropped too
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1].rstrip() + " "
            continue
        yield pending + stripped
        pending = ""
    if pending:
        raise DockerfileError(f"the last instruction ends with a continuation: {pending!r}")


def _exec_form(argument: str) -> list[str]:
    """JSON array form, else the shell form wrapped like Docker does."""
    if argument.startswith("["):
        parsed = json.loads(argument)
        if not (isinstance(parsed, list) and all(isinstance(item, str) for item in parsed)):
            raise DockerfileError(f"not a JSON array of strings: {argument}")
        return parsed
    return ["/bin/sh", "-c", argument]


def _env_pairs(argument: str) -> dict[str, str]:
    words = shlex.split(argument)
    if len(words) >= 2 and "=" not in words[0]:  # the legacy "ENV KEY value" form
        return {words[0]: argument.split(None, 1)[1]}
    pairs: dict[str, str] = {}
    for word in words:
        key, sep, value = word.partition("=")
        if not sep:
            raise DockerfileError(f"ENV expects KEY=VALUE: {word!r}")
        pairs[key] = value
    return pairs


def _copy(argument: str) -> Copy:
    words = shlex.split(argument)
    flags: dict[str, str] = {}
    while words and words[0].startswith("--"):
        key, sep, value = words.pop(0)[2:].partition("=")
        if not sep or key not in {"from", "chown"}:
            raise DockerfileError(f"unsupported COPY flag --{key}")
        flags[key] = value
    if len(words) < 2:
        raise DockerfileError(f"COPY needs sources and a destination: {argument}")
    return Copy(words[:-1], words[-1], flags.get("from"), flags.get("chown"))


def parse(text: str) -> list[Stage]:
    stages: list[Stage] = []
    for line in logical_lines(text):
        keyword, _, argument = line.partition(" ")
        keyword, argument = keyword.upper(), argument.strip()
        if keyword not in KNOWN:
            raise DockerfileError(f"instruction {keyword} is not rehearsed: {line}")
        if keyword == "FROM":
            found = re.fullmatch(r"(\S+)(?:\s+AS\s+(\S+))?", argument, flags=re.IGNORECASE)
            if not found:
                raise DockerfileError(f"cannot read {line}")
            stages.append(Stage(image=found.group(1), name=found.group(2)))
            continue
        if not stages:
            raise DockerfileError(f"{keyword} before FROM")
        stage = stages[-1]
        if keyword == "WORKDIR":
            stage.workdir = str(PurePosixPath(stage.workdir) / argument)
            stage.steps.append(("workdir", stage.workdir))
        elif keyword == "COPY":
            stage.steps.append(("copy", _copy(argument)))
        elif keyword == "RUN":
            stage.steps.append(("run", argument))
        elif keyword == "ENV":
            stage.env.update(_env_pairs(argument))
        elif keyword == "USER":
            stage.user = argument
        elif keyword == "EXPOSE":
            stage.exposed.extend(int(port.split("/")[0]) for port in argument.split())
        elif keyword == "ENTRYPOINT":
            stage.entrypoint = _exec_form(argument)
        else:
            stage.cmd = _exec_form(argument)
    if not stages:
        raise DockerfileError("no FROM")
    return stages


def read_dockerfile(path: Path) -> list[Stage]:
    return parse(path.read_text(encoding="utf-8"))


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    """Docker's pattern language (Go's filepath.Match plus ``**``) as a regular expression."""
    out, index = "", 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**", index):
            out += ".*"
            index += 2
            if pattern.startswith("/", index):  # "**/x" also matches "x" at the top
                out = out[:-2] + "(?:.*/)?"
                index += 1
            continue
        out += {"*": "[^/]*", "?": "[^/]"}.get(char, re.escape(char))
        index += 1
    return re.compile(out)


@dataclass(frozen=True)
class DockerIgnore:
    """``.dockerignore`` rules in order; the last one that matches a path (or a folder above it) decides."""

    rules: tuple[tuple[bool, re.Pattern[str]], ...]

    @classmethod
    def read(cls, path: Path) -> DockerIgnore:
        rules: list[tuple[bool, re.Pattern[str]]] = []
        if path.is_file():
            for raw in path.read_text(encoding="utf-8").splitlines():
                line = raw.strip()
                if not line or line.startswith("#"):
                    continue
                keep = line.startswith("!")
                cleaned = str(PurePosixPath(line.lstrip("!").strip().lstrip("/")))
                rules.append((keep, _pattern_regex(cleaned)))
        return cls(tuple(rules))

    def excludes(self, relative: str) -> bool:
        parts = PurePosixPath(relative).parts
        prefixes = ["/".join(parts[: end + 1]) for end in range(len(parts))]
        excluded = False
        for keep, regex in self.rules:
            if any(regex.fullmatch(prefix) for prefix in prefixes):
                excluded = not keep
        return excluded
