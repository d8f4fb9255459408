"""The API reference page documents every public name."""

from __future__ import annotations

from pathlib import Path

import wsclose


def test_api_page_names_every_export() -> None:
    page = (Path(__file__).parent.parent / "docs" / "api.md").read_text(encoding="utf-8")
    for name in wsclose.__all__:
        assert f"wsclose.{name}\n" in page or f"wsclose.{name}(" in page, name
