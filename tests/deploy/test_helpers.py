"""The rehearsal's own readers follow Docker's rules where ours depend on them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.deploy.compose import InterpolationError, interpolate, required_variables
from tests.deploy.dockerfile import DockerfileError, DockerIgnore, parse
from tests.deploy.rehearsal import rehearse_build


def test_interpolation_follows_the_compose_specification() -> None:
    env = {"SET": "v", "EMPTY": ""}
    assert interpolate("${SET:-d} ${EMPTY:-d} ${EMPTY-d} ${UNSET-d} $SET $$SET", env) == "v d  d v $SET"
    assert interpolate("${SET:+alt}|${EMPTY:+alt}|${EMPTY+alt}", env) == "alt||alt"
    assert interpolate("${EMPTY?fine}", env) == ""
    with pytest.raises(InterpolationError, match="EMPTY"):
        interpolate("${EMPTY:?set EMPTY}", env)
    with pytest.raises(InterpolationError):
        interpolate("${SET:-${EMPTY}}", env)
    assert required_variables("a: ${A:?set A}\nb: ${B-x}\nc: ${C?set C}") == {"A": "set A", "C": "set C"}


def test_dockerignore_patterns_match_like_docker(tmp_path: Path) -> None:
    (tmp_path / ".dockerignore").write_text("# comment\n**/__pycache__\n*.egg-info\nvar\ndocs/*\n!docs/keep.md\n")
    ignore = DockerIgnore.read(tmp_path / ".dockerignore")
    assert ignore.excludes("engine/store/__pycache__/x.pyc") and ignore.excludes("__pycache__/y.pyc")
    assert ignore.excludes("ozwb.egg-info/PKG-INFO") and not ignore.excludes("engine/ozwb.egg-info")  # "*" is one level
    assert ignore.excludes("var/files/a.xlsx") and not ignore.excludes("engine/var.py")
    assert ignore.excludes("docs/a.md") and not ignore.excludes("docs/keep.md")


def test_dockerfile_parser_reads_our_forms_and_refuses_the_rest() -> None:
    stages = parse('FROM python:3.11-slim AS build\n# note\nRUN a \\\n  && b\nENV A=1 B="two words"\n'
                   "FROM python:3.11-slim\nCOPY --from=build --chown=u:u /x /y\nWORKDIR /app\nWORKDIR sub\n"
                   'EXPOSE 8000/tcp 8099\nENTRYPOINT ["ozwb"]\nCMD demo --fast\n')
    assert stages[0].name == "build" and stages[0].steps == [("run", "a && b")]
    assert stages[0].env == {"A": "1", "B": "two words"}
    assert stages[1].workdir == "/app/sub" and stages[1].exposed == [8000, 8099]
    assert stages[1].entrypoint == ["ozwb"] and stages[1].cmd == ["/bin/sh", "-c", "demo --fast"]
    with pytest.raises(DockerfileError, match="ADD"):
        parse("FROM python:3.11-slim\nADD x /y\n")


def test_unknown_run_commands_fail_the_rehearsal(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM python:3.11-slim\nRUN apt-get install -y curl\n")
    with pytest.raises(DockerfileError, match="apt-get"):
        rehearse_build(tmp_path, tmp_path / "image")
