from __future__ import annotations

import importlib
import importlib.metadata
import inspect
from pathlib import Path

import pytest

import wsclose

SUBMODULES = ["advice", "codes", "codesets", "errors", "frame", "handshake", "payload"]


def test_all_is_what_the_submodules_export() -> None:
    exported: set[str] = set()
    for name in SUBMODULES:
        module = importlib.import_module(f"wsclose.{name}")
        exported.update(module.__all__)
    assert set(wsclose.__all__) == exported
    assert sorted(wsclose.__all__) == sorted(set(wsclose.__all__))


@pytest.mark.parametrize("name", wsclose.__all__)
def test_every_export_is_documented(name: str) -> None:
    value = getattr(wsclose, name)
    if inspect.isfunction(value) or inspect.isclass(value):
        assert value.__doc__
        assert value.__module__.startswith("wsclose.")


def test_package_is_typed() -> None:
    assert (Path(wsclose.__file__).parent / "py.typed").is_file()


def test_version() -> None:
    major, minor, patch = wsclose.__version__.split(".")
    assert all(part.isdigit() for part in (major, minor, patch))


def test_no_runtime_dependencies() -> None:
    requirements = importlib.metadata.requires("wsclose") or []
    assert requirements
    assert all("extra ==" in requirement for requirement in requirements)
