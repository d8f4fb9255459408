"""Check the built site as a reader would: ``python docs/check_site.py [--screenshots DIR]``.

Every page of docs/_build/html is served on 127.0.0.1 and opened in headless
Chromium (Debian's ``chromium``, driven by Playwright) at 1280 and 390 px wide.
A page fails when it scrolls sideways (a code block or table may scroll inside
itself, the page may not), logs a console error, fails to load a resource, or
links to a page or an anchor that does not exist. The API entries are read for
autodoc defects: a builtin's docstring shown instead of our own, prose in a
"Type" field, a "Return type" under a class. Screenshots of the main pages are
written to DIR (docs/_build/screenshots by default).
"""

from __future__ import annotations

import argparse
import builtins
import enum
import functools
import html
import inspect
import os
import re
import shutil
import sys
import threading
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urldefrag, urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Error, Page, Request, Response

HERE = Path(__file__).parent
SITE = HERE / "_build" / "html"
SHOTS = HERE / "_build" / "screenshots"
#: The pages to photograph, by file name.
SHOT_PAGES = {
    "home": "index.html",
    "quickstart": "quickstart.html",
    "codes": "codes.html",
    "cli": "cli.html",
    "api": "api.html",
}
#: A desktop and a phone.
WIDTHS = (1280, 390)
HEIGHT = 900
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HTTP_ERROR = 400
#: The browser asks for it on its own; the site links none.
FAVICON = "/favicon.ico"
#: Milliseconds a page may take to load.
LOAD_TIMEOUT = 30_000

# The page's own width, and the outermost elements past its right edge that no
# scrolling container holds.
_MEASURE = """() => {
  const width = window.innerWidth;
  const held = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + [...el.classList].map((c) => "." + c).join("");
  const culprits = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1 || held(el)) continue;
    if (getComputedStyle(el).position === "fixed") continue;
    const parent = el.parentElement.getBoundingClientRect();
    if (el.parentElement !== document.body && parent.right > width + 1) continue;
    const text = (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 50);
    culprits.push(`${name(el)} ends at ${Math.round(box.right)} px: "${text}"`);
  }
  const scrolled = [...document.querySelectorAll("pre, table, .table-wrapper")]
    .filter((el) => el.scrollWidth > el.clientWidth + 1)
    .map((el) => `${name(el)} (${el.scrollWidth} px in ${el.clientWidth} px): `
      + (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 50));
  return {
    scrolled: scrolled.slice(0, 5),
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: width,
    culprits: culprits.slice(0, 5),
    ids: [...document.querySelectorAll("[id], a[name]")].map((el) => el.id || el.name),
    links: [...document.querySelectorAll("a[href]")].map((a) => a.href),
  };
}"""


# --- autodoc defects, read from the HTML -------------------------------------------------------


def _normal(text: str) -> str:
    """Letters and digits only, lower case: smart quotes and dashes drop out."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


@functools.cache
def builtin_docstrings() -> dict[str, str]:
    """The opening paragraph of every builtin type's docstring, normalised, by type name.

    An entry shows one of these when autodoc found no docstring of our own: a
    re-exported constant without its ``#:`` comment, an undocumented subclass.
    """
    types = [obj for obj in vars(builtins).values() if isinstance(obj, type)]
    types += [enum.Enum, enum.IntEnum, enum.EnumMeta]
    found = {}
    for kind in types:
        doc = inspect.getdoc(kind) or ""
        opening = _normal(doc.split("\n\n")[0])
        if len(opening) >= 12:  # long enough to never match our own words by chance
            found[kind.__name__] = opening
    return found


_IDENTIFIER = re.compile(r"[A-Za-z_][\w.]*|None|\.\.\.")


def is_prose(type_text: str) -> bool:
    """Whether a "Type" field holds words rather than a type expression.

    >>> is_prose("CloseCode | None"), is_prose("tuple[int, str]"), is_prose("int or None")
    (False, False, False)
    >>> is_prose("Whether the code is reported locally"), is_prose("1004 and 1016-2999")
    (True, True)
    """
    text = re.sub(r"'[^']*'|\"[^\"]*\"|‘[^’]*’|“[^”]*”", "''", type_text)  # noqa: RUF001
    text = re.sub(r"\s+(?:or|of)\s+", " | ", text.strip())
    if re.search(r"\w\s+\w", text):
        return True
    words = [word for word in re.split(r"[\s\[\](),|]+", text) if word and word != "''"]
    return not all(_IDENTIFIER.fullmatch(word) for word in words)


class _Entries(HTMLParser):
    """The API entries of one page: for each, its kind, text and field lists."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.kinds: dict[str, str] = {}
        self.texts: dict[str, list[str]] = {}
        self.fields: list[tuple[str, str, str, str]] = []  # entry, kind, field name, body
        self._dl: list[str] = []  # objtype of each open <dl class="py ...">, or ""
        self._entry: list[str] = []  # entry id of each open py <dl>
        self._capture: str | None = None  # "name" or "body" while inside a field
        self._depth = 0
        self._name: list[str] = []
        self._body: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "dl":
            kind = classes[1] if classes[:1] == ["py"] and len(classes) > 1 else ""
            self._dl.append(kind)
            if kind:
                self._entry.append("")
        elif tag == "dt" and "sig" in classes and attributes.get("id") and self._entry:
            entry = attributes["id"] or ""
            self._entry[-1] = entry
            self.kinds[entry] = next(kind for kind in reversed(self._dl) if kind)
            self.texts.setdefault(entry, [])
        elif tag == "dt" and any(c.startswith("field-") for c in classes):
            self._capture, self._name = "name", []
        elif tag == "dd" and any(c.startswith("field-") for c in classes):
            self._capture, self._body, self._depth = "body", [], 0
        elif tag == "dd" and self._capture == "body":
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "dl" and self._dl and self._dl.pop():
            self._entry.pop()
        elif tag == "dt" and self._capture == "name":
            self._capture = None
        elif tag == "dd" and self._capture == "body":
            if self._depth:
                self._depth -= 1
                return
            self._capture = None
            entry = self._entry[-1] if self._entry else ""
            name = " ".join("".join(self._name).split()).rstrip(":")
            body = " ".join("".join(self._body).split())
            self.fields.append((entry, self.kinds.get(entry, ""), name, body))

    def handle_data(self, data: str) -> None:
        if self._capture == "name":
            self._name.append(data)
        elif self._capture == "body":
            self._body.append(data)
        if self._entry and self._entry[-1]:
            self.texts[self._entry[-1]].append(data)


def api_defects(page_html: str, page: str = "page") -> list[str]:
    """What autodoc got wrong on one page, one precise line a defect."""
    entries = _Entries()
    entries.feed(page_html)
    entries.close()
    defects = []
    for entry, chunks in entries.texts.items():
        text = _normal(html.unescape("".join(chunks)))
        for name, opening in builtin_docstrings().items():
            if opening in text:
                defects.append(
                    f"{page}: {entry} shows the docstring of {name}, not its own: give it a "
                    "docstring (a data entry: a #: comment where it is assigned)"
                )
    for entry, kind, field, body in entries.fields:
        if field == "Type" and is_prose(body):
            defects.append(
                f'{page}: {entry}: its "Type" field holds prose, {body!r}: napoleon took the '
                'words before a colon in the first line for a type; reword "text: more text"'
            )
        if field == "Return type" and kind in {"class", "exception"}:
            defects.append(f'{page}: {entry}: a class entry with a "Return type" ({body})')
    return defects


# --- the browser --------------------------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves the site without a log line a request."""

    def log_message(self, format: str, *args: object) -> None:
        """Log nothing: failures show in the browser's events."""


def _page_path(url: str, base: str) -> str:
    """The site-relative path a URL of the local server names, ``index.html`` for a folder."""
    path = unquote(urlsplit(url).path)[len(urlsplit(base).path) :]
    return path + "index.html" if path == "" or path.endswith("/") else path


def browse(site: Path, chromium: str, shots: Path) -> tuple[list[str], list[Path]]:
    """Open every page at every width; the problems found and the screenshots taken."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 (only where a browser runs)

    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    pages = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
    problems: list[str] = []
    anchors: dict[str, set[str]] = {}
    links: dict[str, set[str]] = {}
    made: list[Path] = []
    shots.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            for width in WIDTHS:
                view = browser.new_page(viewport={"width": width, "height": HEIGHT})
                events = _Events(view, width, problems)
                for name in pages:
                    events.page = name
                    view.goto(base + name, wait_until="load", timeout=LOAD_TIMEOUT)
                    seen = view.evaluate(_MEASURE)
                    if seen["scrollWidth"] > seen["innerWidth"]:
                        culprits = "; ".join(seen["culprits"]) or "no single element found"
                        problems.append(
                            f"{name} at {width} px: the page scrolls sideways "
                            f"({seen['scrollWidth']} px wide): {culprits}"
                        )
                    if width == WIDTHS[0]:
                        problems += [
                            f"{name} at {width} px: scrolls sideways inside itself: {culprit}"
                            for culprit in seen["scrolled"]
                        ]
                    anchors[name] = set(seen["ids"])
                    links.setdefault(name, set()).update(seen["links"])
                    for shot_name, shot_page in SHOT_PAGES.items():
                        if shot_page == name:
                            path = shots / f"{shot_name}-{width}.png"
                            view.screenshot(path=str(path), full_page=True)
                            made.append(path)
                view.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    problems += _dead_links(site, base, links, anchors)
    return problems, made


class _Events:
    """Console errors, uncaught exceptions and failed requests, against the page open."""

    def __init__(self, view: Page, width: int, problems: list[str]) -> None:
        self.page = ""
        self._width = width
        self._problems = problems
        view.on("console", self._console)
        view.on("pageerror", self._page_error)
        view.on("response", self._response)
        view.on("requestfailed", self._request_failed)

    def _add(self, text: str) -> None:
        self._problems.append(f"{self.page} at {self._width} px: {text}")

    def _console(self, message: ConsoleMessage) -> None:
        url = message.location.get("url") or "no url"
        if message.type == "error" and not url.endswith(FAVICON):
            self._add(f"console error: {message.text} ({url})")

    def _page_error(self, error: Error) -> None:
        self._add(f"uncaught error: {error}")

    def _response(self, response: Response) -> None:
        if response.status >= HTTP_ERROR and not response.url.endswith(FAVICON):
            self._add(f"HTTP {response.status}: {response.url}")

    def _request_failed(self, request: Request) -> None:
        self._add(f"request failed: {request.url} ({request.failure})")


def _dead_links(
    site: Path, base: str, links: dict[str, set[str]], anchors: dict[str, set[str]]
) -> list[str]:
    """Every internal link that leads to no file, or to no anchor of the page it names."""
    dead = []
    for page, targets in sorted(links.items()):
        for url in sorted(targets):
            if not url.startswith(base):
                continue
            address, fragment = urldefrag(url)
            target = _page_path(address, base)
            if not (site / target).is_file():
                dead.append(f"{page}: link to a missing file: {url[len(base) :]}")
            elif fragment and target in anchors and unquote(fragment) not in anchors[target]:
                dead.append(f"{page}: link to a missing anchor: {url[len(base) :]}")
    return dead


def main(argv: list[str] | None = None) -> int:
    """Check every page; write the screenshots; exit 1 on any problem."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--screenshots", metavar="DIR", type=Path, default=SHOTS)
    parser.add_argument(
        "--chromium",
        default=os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium",
        help="the browser to drive (default: chromium on PATH, or $CHROMIUM)",
    )
    args = parser.parse_args(argv)
    pages = sorted(SITE.rglob("*.html"))
    if not pages:
        print(f"no site at {SITE}: build it first", file=sys.stderr)
        return 1
    if not Path(args.chromium).is_file():
        print(f"no browser at {args.chromium}: apt-get install chromium", file=sys.stderr)
        return 1
    problems = [
        defect
        for path in pages
        for defect in api_defects(
            path.read_text(encoding="utf-8"), path.relative_to(SITE).as_posix()
        )
    ]
    browsed, shots = browse(SITE, args.chromium, args.screenshots)
    problems += browsed
    for problem in problems:
        print(f"check_site: {problem}", file=sys.stderr)
    print(
        f"{len(pages)} pages at {' and '.join(f'{w} px' for w in WIDTHS)}: "
        f"{len(problems)} problems; {len(shots)} screenshots in {args.screenshots.resolve()}"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
