"""The CLI in a real process: locales, terminal encodings, binary, closed and failing streams.

Locales other than C and C.UTF-8 are built at test time with ``localedef`` (the
``locales`` data ships with Debian's libc-bin / locales); if that fails, the tests fail.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from wsclose import encode

if TYPE_CHECKING:
    from pathlib import Path

#: Each environment, and the encoding the CLI's stdout has in it.
ENVIRONMENTS = {
    "C": ({"LC_ALL": "C"}, "utf-8"),  # Python's UTF-8 mode (PEP 540)
    "C, no UTF-8 mode": ({"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}, "ascii"),
    "C.UTF-8": ({"LC_ALL": "C.UTF-8"}, "utf-8"),
    "en_US.UTF-8": ({"LC_ALL": "en_US.UTF-8"}, "utf-8"),
    "en_US.ISO-8859-1": ({"LC_ALL": "en_US.ISO-8859-1"}, "iso8859-1"),
    "PYTHONIOENCODING=ascii": ({"LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "ascii"}, "ascii"),
}
BUILT = ("en_US.UTF-8", "en_US.ISO-8859-1")
#: A reason with text some encodings lack and characters no terminal should get raw.
REASON = "\u20ac caf\u00e9 \x9b\u202e\u2028"
EXIT_INVALID, EXIT_USAGE, EXIT_OUTPUT = 1, 2, 3


@pytest.fixture(scope="module")
def locpath(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory with the locales this machine lacks, built by localedef."""
    path = tmp_path_factory.mktemp("locales")
    for name in BUILT:
        language, _, charset = name.partition(".")
        result = subprocess.run(
            ["localedef", "-i", language, "-f", charset, str(path / name)],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
    return path


def wsclose(
    locpath: Path, env: dict[str, str], *argv: str, stdin: bytes = b"", shell: str = ""
) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m wsclose argv`` in ``env``; ``shell`` adds redirections (``<&-``)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "LC_", "LANG"))}
    base.update(env, LOCPATH=str(locpath))
    command = [sys.executable, "-m", "wsclose", *argv]
    if shell:
        command = ["sh", "-c", f'"$@" {shell}', "sh", *command]
    return subprocess.run(
        command, input=stdin, capture_output=True, env=base, check=False, timeout=60
    )


def check_stderr(result: subprocess.CompletedProcess[bytes], status: int) -> str:
    """Assert the exit code and a stderr of at most one line, no traceback; return stderr."""
    err = result.stderr.decode("ascii", "backslashreplace")
    assert "Traceback" not in err
    assert result.returncode == status, err
    assert err.count("\n") <= 1, err
    return err


@pytest.mark.parametrize("name", list(ENVIRONMENTS))
def test_output_in_every_locale(locpath: Path, name: str) -> None:
    env, encoding = ENVIRONMENTS[name]
    found = subprocess.run(
        [sys.executable, "-c", "import sys; print(sys.stdout.encoding)"],
        capture_output=True,
        text=True,
        env={**os.environ, **env, "LOCPATH": str(locpath)},
        check=True,
    ).stdout.strip()
    assert found.lower().replace("_", "-") == encoding
    payload = encode(1000, REASON).hex()
    text = wsclose(locpath, env, "decode", payload)
    check_stderr(text, 0)
    shown = text.stdout.decode(encoding).splitlines()[-1]
    euro = "\u20ac" if encoding == "utf-8" else "\\u20ac"
    assert shown.startswith(f'reason  "{euro} caf')
    assert shown.endswith('\\u009b\\u202e\\u2028"')
    as_json = wsclose(locpath, env, "decode", "--json", payload)
    check_stderr(as_json, 0)
    assert json.loads(as_json.stdout.decode(encoding))["reason"] == REASON


#: The hostile cases, each under a terminal that can write only ASCII.
CASES = [
    pytest.param(["decode", "-"], b"\xff\xfe", "", EXIT_USAGE, "not text", id="binary stdin"),
    pytest.param(["decode", "--json", "03ed"], b"", "", EXIT_INVALID, "", id="ascii json"),
    pytest.param(["decode", "-"], b"", "<&-", EXIT_USAGE, "stdin is closed", id="closed stdin"),
    pytest.param(["codes"], b"", ">&-", EXIT_OUTPUT, "stdout is closed", id="closed stdout"),
    pytest.param(
        ["codes"], b"", ">/dev/full", EXIT_OUTPUT, "No space left on device", id="full disk"
    ),
    pytest.param(["decode", "--raw", "-"], bytes.fromhex("880203e8"), "", 0, "", id="raw stdin"),
    pytest.param(["decode", "--json", "-", "03"], b"", "", EXIT_USAGE, "", id="json usage"),
]


@pytest.mark.parametrize(("argv", "stdin", "shell", "status", "message"), CASES)
def test_hostile_conditions(
    locpath: Path, argv: list[str], stdin: bytes, shell: str, status: int, message: str
) -> None:
    env, _ = ENVIRONMENTS["PYTHONIOENCODING=ascii"]
    result = wsclose(locpath, env, *argv, stdin=stdin, shell=shell)
    err = check_stderr(result, status)
    assert message in err
    if "--json" in argv:
        assert json.loads(result.stdout.decode("ascii"))["error"]
        assert err == ""


def test_broken_pipe_is_quiet(locpath: Path) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the CLI writes, as with `| head -0`
    try:
        result = subprocess.run(
            [sys.executable, "-m", "wsclose", "codes"],
            stdout=write,
            stderr=subprocess.PIPE,
            check=False,
            timeout=60,
        )
    finally:
        os.close(write)
    assert (result.returncode, result.stderr) == (EXIT_OUTPUT, b"")
