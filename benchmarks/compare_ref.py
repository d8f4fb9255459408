"""Time this tree's decode and encode against those of another commit, in one process.

Run ``python benchmarks/compare_ref.py main`` from the repository's root: it copies
``src/wsclose`` as it is at that commit (``git archive``) into a temporary folder
as the package ``wsclose_ref``, imports both, and times the same calls of each,
interleaved, as ``bench_close.py`` does. A ratio over 1 means this tree is faster.
"""

from __future__ import annotations

import argparse
import importlib
import io
import platform
import subprocess
import sys
import tarfile
import tempfile
import timeit
from pathlib import Path
from typing import TYPE_CHECKING

import wsclose

if TYPE_CHECKING:
    from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
ASCII_123 = "a" * 123
TWO_BYTE_123 = "\u00e9" * 61 + "a"
BYE = b"\x03\xe8bye"
#: name -> (function, its arguments, whether it raises CloseFrameError).
CASES: dict[str, tuple[str, tuple[object, ...], bool]] = {
    "decode 1000": ("decode", (b"\x03\xe8",), False),
    "decode 1000 'bye'": ("decode", (BYE,), False),
    "decode 123 B ASCII": ("decode", (b"\x03\xe8" + ASCII_123.encode(),), False),
    "decode 123 B 2-byte chars": ("decode", (b"\x03\xe8" + TWO_BYTE_123.encode(),), False),
    "decode bytearray 'bye'": ("decode", (bytearray(BYE),), False),
    "decode memoryview 'bye'": ("decode", (memoryview(BYE),), False),
    "reject 1 byte": ("decode", (b"\x03",), True),
    "reject code 1005": ("decode", (b"\x03\xed",), True),
    "reject bad UTF-8": ("decode", (b"\x03\xe8" + b"a" * 120 + b"\xff",), True),
    "encode 1000": ("encode", (1000, ""), False),
    "encode 1000 'bye'": ("encode", (1000, "bye"), False),
    "encode 123 B ASCII": ("encode", (1000, ASCII_123), False),
    "encode 123 B 2-byte chars": ("encode", (1000, TWO_BYTE_123), False),
    "encode 4000 'bye'": ("encode", (4000, "bye"), False),
}


def load_ref(ref: str, folder: Path) -> ModuleType:
    """Import ``src/wsclose`` as it is at ``ref`` under the name ``wsclose_ref``."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref, "src/wsclose"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar.getmembers():
            if member.isfile():
                source = tar.extractfile(member)
                if source is None:
                    continue
                path = folder / "wsclose_ref" / Path(member.name).relative_to("src/wsclose")
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(source.read())
    sys.path.insert(0, str(folder))
    return importlib.import_module("wsclose_ref")


def main(argv: list[str] | None = None) -> int:
    """Print the table: this tree's ns, the reference's, and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ref", help="a commit, branch or tag, such as main")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--number", type=int, default=2_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        ref = load_ref(args.ref, Path(folder))
        print(f"| case | this tree ns | {args.ref} ns | ratio |")
        print("|---|--:|--:|--:|")
        for name, (func, arguments, rejects) in CASES.items():
            call = "f(a)" if len(arguments) == 1 else "f(a, b)"
            statement = f"try:\n    {call}\nexcept e:\n    pass" if rejects else call
            times = []
            for module in (wsclose, ref):
                namespace = dict(zip("ab", arguments))
                namespace["f"] = getattr(module, func)
                namespace["e"] = module.CloseFrameError
                times.append(timeit.Timer(statement, globals=namespace))
            empty = timeit.Timer("pass")
            best = [float("inf")] * len(times)
            loop = float("inf")
            for _ in range(args.repeat):
                loop = min(loop, empty.timeit(args.number))
                for index, timer in enumerate(times):
                    best[index] = min(best[index], timer.timeit(args.number))
            ours, theirs = ((time - loop) / args.number * 1e9 for time in best)
            print(f"| {name} | {ours:.0f} | {theirs:.0f} | {theirs / ours:.2f} |", flush=True)
    print(f"\nPython {platform.python_version()}; best of {args.repeat} × {args.number} calls.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
