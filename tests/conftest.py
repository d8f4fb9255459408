"""Test collection settings."""

# The atheris entry point imports atheris, which only the fuzzing run installs.
collect_ignore = ["fuzz/fuzz.py"]
