"""What CI checks, one nox session a job: ``nox`` runs them all, ``nox -s NAME`` one.

``nox -l`` lists the sessions. The interpreters for the test matrix are looked up
on PATH, then under pyenv (``$PYENV_ROOT`` or ``~/.pyenv``).
"""

from __future__ import annotations

import os
import sys
import tarfile
from pathlib import Path

import nox

PYTHONS = ["3.9", "3.10", "3.11", "3.12", "3.13"]
ROOT = Path(__file__).parent
#: Seconds of fuzzing a target (tests/fuzz/run.py runs decode, encode and the handshake).
FUZZ_SECONDS = "20"
#: Only the assertions pytest rewrites run under ``python -O``; it warns about the others.
NO_ASSERT_WARNING = "ignore:assertions not in test modules:pytest.PytestConfigWarning"
SAMPLE = "03 e8 62 79 65"

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = False


def _pyenv_interpreters() -> None:
    """Put pyenv's interpreters on PATH (after everything else), so that nox finds 3.9-3.13."""
    root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    found = [str(path) for path in sorted(root.glob("versions/3.*/bin"))]
    os.environ["PATH"] = os.pathsep.join([os.environ.get("PATH", ""), *found])


_pyenv_interpreters()


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The whole suite with 100% branch coverage, on each Python 3.9-3.13."""
    session.install("-e", ".[test]")
    session.run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", *session.posargs)


@nox.session
def optimized(session: nox.Session) -> None:
    """The whole suite once under ``python -O``: no behaviour may rest on an ``assert``."""
    session.install("-e", ".[test]")
    pytest = ["-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", NO_ASSERT_WARNING]
    # Coverage is measured by the tests sessions; here the asserts in src are gone.
    session.run("python", "-O", *pytest, "--no-cov", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff: lint and format."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def types(session: nox.Session) -> None:
    """Mypy --strict over src, tests, benchmarks, docs and this file."""
    session.install("-e", ".[dev]")
    session.run("mypy")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site (warnings are errors), then check every page in Chromium.

    Needs Debian's ``chromium`` (``apt-get install chromium``); the screenshots go
    to docs/_build/screenshots. Arguments after ``--`` go to docs/check_site.py.
    """
    session.install("-e", ".[docs]")
    build = ROOT / "docs" / "_build"
    session.run("python", "-c", f"import shutil; shutil.rmtree({str(build)!r}, True)")
    session.run("sphinx-build", "-W", "--keep-going", "-q", "-b", "html", "docs", f"{build}/html")
    session.run("python", "docs/check_site.py", *session.posargs)


@nox.session
def benchmarks(session: nox.Session) -> None:
    """The benchmarks in quick mode: they run, no timing is asserted."""
    session.install("-e", ".[peers]")
    session.run("python", "benchmarks/bench_close.py", "--quick")


@nox.session
def packaging(session: nox.Session) -> None:
    """Build sdist and wheel, check their metadata, install the wheel, test the sdist."""
    session.install("build>=1", "twine>=5")
    tmp = Path(session.create_tmp()).resolve()
    dist = tmp / "dist"
    session.run("python", "-c", f"import shutil; shutil.rmtree({str(dist)!r}, True)")
    session.run("python", "-m", "build", "--outdir", str(dist))
    built = sorted(str(path) for path in dist.iterdir())
    session.run("twine", "check", "--strict", *built)
    (wheel,) = dist.glob("wsclose-*.whl")
    (sdist,) = dist.glob("wsclose-*.tar.gz")

    python = _clean_venv(session, tmp / "wheel-venv")
    session.run(python, "-m", "pip", "install", "-q", str(wheel), external=True)
    with session.chdir(tmp):  # nowhere near src/
        session.run(python, "-c", "import wsclose; print(wsclose.__file__)", external=True)
        session.run(str(Path(python).parent / "wsclose"), "decode", SAMPLE, external=True)

    unpacked = tmp / "sdist"
    with tarfile.open(sdist) as archive:
        archive.extractall(unpacked, filter="data")
    (source,) = unpacked.iterdir()
    python = _clean_venv(session, tmp / "sdist-venv")
    session.run(python, "-m", "pip", "install", "-q", f"{source}[test]", external=True)
    # Coverage is the tests sessions' job, on the source tree: here the package runs from
    # site-packages while the doctests import src/ beside it, so a module can be measured
    # in one copy and run in the other.
    with session.chdir(source):
        pytest = ["-m", "pytest", "-q", "-p", "no:cacheprovider", "--no-cov"]
        session.run(python, *pytest, external=True)


def _clean_venv(session: nox.Session, path: Path) -> str:
    """A new venv of the session's Python, without the session's packages; its python."""
    session.run("python", "-m", "venv", "--clear", str(path))
    return str(path / ("Scripts" if sys.platform == "win32" else "bin") / "python")


@nox.session
def fuzz(session: nox.Session) -> None:
    """A short run of each atheris fuzz target (tests/fuzz); skipped where atheris won't install."""
    session.install("-e", ".")
    try:
        session.install("atheris>=2.3")
    except nox.command.CommandFailed:
        session.skip("atheris could not be installed: the seed corpus still runs in the tests")
    artifacts = session.create_tmp()
    session.run(
        "python", "-m", "tests.fuzz.run", "--seconds", FUZZ_SECONDS, "--artifacts", artifacts
    )
