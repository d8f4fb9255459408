"""Sphinx configuration for wsclose's documentation site."""

from __future__ import annotations

import inspect
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.pycode import ModuleAnalyzer
from sphinx.util import logging

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "_ext"))
sys.path.insert(0, str(HERE.parent / "src"))

import wsclose  # noqa: E402

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

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


def _own_comment(  # noqa: PLR0913, PLR0917 (autodoc's event signature)
    app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    """Give a re-exported constant the ``#:`` comment of the module that defines it.

    ``wsclose.MAX_PAYLOAD_SIZE`` is assigned in ``wsclose.payload``: autodoc looks
    for its comment in ``wsclose/__init__.py``, finds none, and falls back to the
    docstring of ``int``. Look in the submodules instead; warn (an error under -W)
    when there is no comment anywhere.
    """
    if what != "data" or not _shows_docstring_of_type(obj, lines):
        return
    package, _, attribute = name.rpartition(".")
    for module_name, module in sorted(sys.modules.items()):
        if not module_name.startswith(f"{package}.") or getattr(module, attribute, None) is not obj:
            continue
        comment = ModuleAnalyzer.for_module(module_name).find_attr_docs().get(("", attribute))
        if comment:
            lines[:] = list(comment)
            return
    lines.clear()
    logger.warning("%s has no #: comment: it would show the docstring of %s", name, type(obj))


def _shows_docstring_of_type(obj: object, lines: list[str]) -> bool:
    """Whether ``lines`` are empty or open as the docstring of ``obj``'s class.

    The docstring may have been through napoleon already: only its first line is compared.
    """
    own = inspect.getdoc(type(obj)) or ""
    text = [line.strip() for line in lines if line.strip()]
    return not text or text[0] == own.partition("\n")[0].strip()


def _no_return_type_on_classes(
    app: Sphinx, domain: str, objtype: str, contentnode: nodes.Element
) -> None:
    """Drop the return type autodoc reads off a class's ``__new__`` or metaclass ``__call__``.

    ``CloseCode(value)`` goes through a metaclass whose ``__call__`` returns
    ``object``; "Return type: object" under a class says nothing true.
    """
    if domain != "py" or objtype not in {"class", "exception"}:
        return
    signature = contentnode.parent[0] if contentnode.parent else None
    if not isinstance(signature, nodes.Element):
        return
    fullname = ".".join(filter(None, [signature.get("module"), signature.get("fullname")]))
    document = getattr(app.env, "current_document", None)
    if document is None:  # Sphinx < 8.2 kept them in temp_data
        annotations = app.env.temp_data.get("annotations", {})
    else:
        annotations = document.autodoc_annotations
    if annotations and fullname in annotations:
        annotations[fullname].pop("return", None)


def setup(app: Sphinx) -> None:
    """Connect the fixes above (around napoleon and the typehints merge, which run at 500)."""
    app.connect("autodoc-process-docstring", _own_comment, priority=600)
    app.connect("object-description-transform", _no_return_type_on_classes, priority=400)
