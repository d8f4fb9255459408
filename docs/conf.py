"""Sphinx configuration for wsclose's documentation site."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "_ext"))
sys.path.insert(0, str(HERE.parent / "src"))

import wsclose  # noqa: E402

project = "wsclose"
author = "wsclose developers"
copyright = "2026, wsclose developers"
release = version = wsclose.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "myst_parser",
    "closecodes",
    "advicetable",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "_generated", "examples", "README.md"]
myst_heading_anchors = 3
nitpicky = False

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_description_target = "documented_params"
autodoc_preserve_defaults = True
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_ivar = True  # "Attributes:" sections as fields: the properties document themselves

html_theme = "furo"
html_title = f"wsclose {release}"
html_static_path = ["_static"]
html_css_files = ["wsclose.css"]
