"""A websockets client that reconnects as wsclose advises after every close.

The loop connects, hands each message to ``on_message``, and when the connection
closes asks :func:`wsclose.advise` what the close means and
:func:`wsclose.next_delay` how long to wait. wsclose never sleeps: the loop
sleeps with the ``sleep`` it is given (``asyncio.sleep`` unless a test passes a
fake one). After 1013 it moves to the next URI, as the advice says; with one URI
it stops and leaves the next attempt to the user. A connection that delivered a
message starts the backoff afresh. Run it with
``python docs/examples/reconnect.py ws://HOST:PORT [ws://OTHER:PORT ...]``;
tests/test_examples.py runs it against local websockets servers.
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Union

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosedError, InvalidHandshake

from wsclose import Advice, Close, CloseCode, CodeSet, Reconnect, advise, next_delay

if TYPE_CHECKING:
    import random
    from collections.abc import Awaitable, Sequence

Message = Union[str, bytes]


@dataclass(frozen=True)
class Decision:
    """What the loop decided after one close."""

    uri: str
    close: Close
    advice: Advice
    delay: float | None  # None: the loop stopped


async def reconnect(  # noqa: PLR0913 (the knobs a real client wants)
    uris: Sequence[str],
    on_message: Callable[[Message], object] = print,
    *,
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    rng: random.Random | None = None,
    codes: CodeSet | None = None,
    retries: int | None = None,
) -> list[Decision]:
    """Stay connected to one of ``uris`` until a close says not to reconnect.

    ``retries`` gives up after that many reconnects in a row without a message.
    Returns every decision taken, the last one with no delay.
    """
    decisions: list[Decision] = []
    index = attempt = 0
    while True:
        uri = uris[index]
        try:
            async with connect(uri) as websocket:
                try:
                    async for message in websocket:
                        attempt = 0  # progress: the next failure starts the backoff afresh
                        on_message(message)
                except ConnectionClosedError:
                    pass  # closed with an error code, or dropped: advise() tells which
            close = Close(websocket.close_code or CloseCode.ABNORMAL, websocket.close_reason or "")
        except (OSError, InvalidHandshake, asyncio.TimeoutError):
            close = Close(CloseCode.ABNORMAL)  # no connection at all: as after a drop
        advice = advise(close, codes)
        delay = next_delay(advice, attempt, rng)
        if advice.kind is Reconnect.OTHER_HOST:
            if len(uris) == 1:
                delay = None  # the same host again only when a user asks for it
            index = (index + 1) % len(uris)
        if retries is not None and attempt >= retries:
            delay = None
        decisions.append(Decision(uri, close, advice, delay))
        if delay is None:
            return decisions
        await sleep(delay)
        attempt += 1


def report(decision: Decision) -> None:
    """Print one decision as a line."""
    wait = "stop" if decision.delay is None else f"wait {decision.delay:.1f} s"
    print(f"{decision.uri}: {decision.close}: {decision.advice}: {wait}")


async def main(uris: list[str]) -> None:
    """Reconnect to ``uris`` until advised not to, printing each decision."""
    for decision in await reconnect(uris):
        report(decision)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:] or ["ws://127.0.0.1:8765"]))
