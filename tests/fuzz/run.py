"""Fuzz every target in turn: ``python -m tests.fuzz.run --seconds 20``.

Each target runs under atheris for the given time, on a scratch corpus seeded
from tests/fuzz/corpus/TARGET (the committed seeds are never written to). Prints
the executions of each and exits non-zero on the first finding.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
TARGETS = ("decode", "encode", "handshake", "frame")


def fuzz(target: str, seconds: int, artifacts: Path) -> tuple[int, int]:
    """Run one target; return (its exit code, the executions it made)."""
    with tempfile.TemporaryDirectory() as scratch:
        command = [
            sys.executable,
            "-m",
            "tests.fuzz.fuzz",
            target,
            scratch,
            str(HERE / "corpus" / target),
            f"-max_total_time={seconds}",
            "-timeout=10",
            "-rss_limit_mb=2048",
            "-print_final_stats=1",
            f"-artifact_prefix={artifacts}/{target}-",
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    runs = re.search(r"stat::number_of_executed_units:\s*(\d+)", result.stderr)
    if result.returncode:
        print(result.stderr[-3000:], file=sys.stderr)
    return result.returncode, int(runs.group(1)) if runs else 0


def main() -> int:
    """Fuzz each target; report executions; fail on a finding."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20, help="time for each target")
    parser.add_argument("--artifacts", default=".", help="where a crashing input is written")
    args = parser.parse_args()
    failed = False
    for target in TARGETS:
        code, runs = fuzz(target, args.seconds, Path(args.artifacts))
        verdict = "FINDING" if code else "no finding"
        print(f"fuzz {target}: {runs} executions in {args.seconds} s, {verdict}", flush=True)
        failed = failed or code != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
