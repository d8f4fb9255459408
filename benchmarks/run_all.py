"""Run bench_close.py under every supported Python and merge the results into one page.

Run ``python benchmarks/run_all.py`` from the repository's root. For each version
(3.9-3.13 unless ``--versions`` says otherwise) it uses the interpreter pyenv has
(the newest patch release), sets up ``.venv-X.Y`` with ``pip install -e '.[test]'``
when it is missing (the same folders as ``.ci/run``), runs the benchmark there, one
version after the other, and writes ``benchmarks/results.md``: a summary of the
ratios over websockets with each row's target, then each version's whole table.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VERSIONS = ("3.9", "3.10", "3.11", "3.12", "3.13")
MET, MISSED = "✓", "✗"
#: What bench_close.py --json writes (see its main()).
Results = dict[str, Any]


def interpreter(version: str) -> Path | None:
    """The newest pyenv interpreter of ``version``, or None when there is none."""
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    found = sorted(
        (pyenv_root / "versions").glob(f"{version}.*/bin/python"),
        key=lambda path: [int(part) for part in path.parts[-3].split(".") if part.isdigit()],
    )
    if found:
        return found[-1]
    on_path = shutil.which(f"python{version}")
    return Path(on_path) if on_path else None


def environment(version: str, python: Path) -> Path:
    """The Python of ``.venv-X.Y``, set up first when it is missing."""
    venv = ROOT / f".venv-{version}"
    venv_python = venv / "bin" / "python"
    if not venv_python.exists():
        print(f"setting up {venv.name} with {python}", file=sys.stderr)
        subprocess.run([str(python), "-m", "venv", str(venv)], check=True)
        pip = [str(venv_python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        subprocess.run([*pip, "-e", ".[test]"], check=True, cwd=ROOT)
    return venv_python


def run(venv_python: Path, options: list[str]) -> Results:
    """Run the benchmark with ``venv_python``; return its JSON results."""
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "results.json"
        command = [str(venv_python), str(ROOT / "benchmarks" / "bench_close.py")]
        subprocess.run([*command, *options, "--json", str(output)], check=True, cwd=ROOT)
        results: Results = json.loads(output.read_text(encoding="utf-8"))
    return results


def summary(runs: dict[str, Results]) -> list[str]:
    """One table: wsclose's ns and its ratio over websockets, a column a version."""
    versions = list(runs)
    names: list[str] = []
    targets: dict[str, float | None] = {}
    cells: dict[tuple[str, str], str] = {}
    for version, results in runs.items():
        for row in results["rows"]:
            name = str(row["name"])
            if name not in targets:
                names.append(name)
                targets[name] = row["target"]
            cells[name, version] = _cell(row["ns"], row["target"])
    lines = [
        "| case | target | " + " | ".join(versions) + " |",
        "|---|--:|" + "--:|" * len(versions),
    ]
    for name in names:
        target = targets[name]
        goal = "–" if target is None else f"≥{target}×"
        row = [cells.get((name, version), "") for version in versions]
        lines.append(f"| {name} | {goal} | " + " | ".join(row) + " |")
    return lines


def _cell(times: dict[str, float], target: float | None) -> str:
    ours, theirs = times["wsclose"], times.get("websockets")
    if theirs is None:
        return f"{ours:.0f} ns"
    ratio = theirs / ours
    mark = ""
    if target is not None:
        mark = " " + (MET if round(ratio, 2) >= target else MISSED)
    return f"{ours:.0f} ns, {ratio:.2f}×{mark}"


def full_table(results: Results) -> list[str]:
    """One version's whole table: every peer's ns and ratio."""
    peers = ("websockets", "wsproto", "floor")
    lines = [
        "| case | wsclose ns | " + " | ".join(f"{peer} ns (×)" for peer in peers) + " |",
        "|---|--:|" + "--:|" * len(peers),
    ]
    for row in results["rows"]:
        times = row["ns"]
        ours = times["wsclose"]
        cells = [f"{ours:.0f}"]
        for peer in peers:
            theirs = times.get(peer)
            cells.append("–" if theirs is None else f"{theirs:.0f} ({theirs / ours:.2f})")
        lines.append(f"| {row['name']} | " + " | ".join(cells) + " |")
    return lines


def page(runs: dict[str, Results], command: str) -> str:
    """The whole results page."""
    first = next(iter(runs.values()))
    peers = "; ".join(
        f"{version}: websockets {results['peers']['websockets']}, "
        f"wsproto {results['peers']['wsproto']}"
        for version, results in runs.items()
    )
    lines = [
        "Each cell: wsclose's time per call, then websockets' time over it (higher is",
        f"better for wsclose), {MET} when the row's target is met, {MISSED} when not.",
        "",
        *summary(runs),
        "",
        f"- machine: {first['machine']}, shared with other work: differences",
        "  under ~10% are noise; compare ratios, which come from one process.",
        f"- peers (the newest release that installs on each Python): {peers}.",
        f"- best of {first['repeat']} × {first['number']} calls, peers interleaved;"
        f" made by `{command}`.",
        f'- {MISSED}: the README\'s "The targets that are not met, and why" says why.',
    ]
    for results in runs.values():
        lines += [
            "",
            f"### Python {results['python']} ({results['implementation']})",
            "",
            *full_table(results),
            "",
            *results["notes"],
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark under each version and write the merged page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", nargs="+", default=list(VERSIONS), metavar="X.Y")
    parser.add_argument("--markdown", default=str(ROOT / "benchmarks" / "results.md"))
    parser.add_argument("--quick", action="store_true", help="few loops: check it runs")
    parser.add_argument("--repeat", type=int, help="passed on to bench_close.py")
    parser.add_argument("--number", type=int, help="passed on to bench_close.py")
    args = parser.parse_args(argv)
    options = ["--quick"] if args.quick else []
    options += ["--repeat", str(args.repeat)] if args.repeat else []
    options += ["--number", str(args.number)] if args.number else []

    runs: dict[str, Results] = {}
    for version in args.versions:
        python = interpreter(version)
        if python is None:
            print(f"no Python {version} found: skipped", file=sys.stderr)
            continue
        print(f"=== Python {version}", file=sys.stderr)
        runs[version] = run(environment(version, python), options)
    if not runs:
        print("no interpreter found", file=sys.stderr)
        return 1
    command = " ".join(["python benchmarks/run_all.py", *(argv or sys.argv[1:])])
    text = page(runs, command)
    Path(args.markdown).write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
