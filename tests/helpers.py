"""What a wsclose call gave, in the terms tests/reference.py uses."""

from __future__ import annotations

from typing import Callable

from wsclose import CloseFrameError


def outcome(func: Callable[..., object], *args: object) -> object:
    """Return what ``func(*args)`` returns, or the name of the CloseFrameError it raises."""
    try:
        return func(*args)
    except CloseFrameError as err:
        return type(err).__name__
