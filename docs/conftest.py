"""Test collection in docs/: only the pages' examples are tests."""

# The Sphinx configuration and extension need the docs extra; the site checker
# and the build output are not tests.
collect_ignore = ["conf.py", "_ext", "check_site.py", "_build"]
