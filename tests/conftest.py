"""Test collection settings."""

import pytest

# The fuzz targets and the helpers check with assert: keep those under python -O too.
pytest.register_assert_rewrite("tests.fuzz.targets", "tests.helpers")

# The atheris entry point imports atheris, which only the fuzzing run installs.
collect_ignore = ["fuzz/fuzz.py"]
