"""Check the built site as a reader would: ``python docs/check_site.py [--screenshots DIR]``.

Every internal link and anchor of every page in docs/_build/html must lead
somewhere. With ``--screenshots``, headless Chromium (Debian's ``chromium``) also
renders the home page and the close-code table to PNG files.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

SITE = Path(__file__).parent / "_build" / "html"
SHOTS = {"home.png": "index.html", "codes.png": "codes.html"}
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--window-size=1280,1600",
]


class _Page(HTMLParser):
    """The links and the anchors of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.anchors: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in {"href", "src"}:
                self.links.append(value)
            elif name in {"id", "name"}:
                self.anchors.add(value)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def broken_links(site: Path) -> list[str]:
    """Every internal link of the site that leads nowhere, as "page: link"."""
    pages = {path: _parse(path) for path in site.rglob("*.html")}
    broken = []
    for path, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:")):
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(site)}: {link}")
            elif parts.fragment and target.suffix == ".html":
                anchors = pages[target].anchors if target in pages else _parse(target).anchors
                if unquote(parts.fragment) not in anchors:
                    broken.append(f"{path.relative_to(site)}: {link}")
    return broken


def screenshots(site: Path, folder: Path) -> list[Path]:
    """Render the home page and the code table with headless Chromium."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise FileNotFoundError("no chromium on PATH (Debian: apt-get install chromium)")
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for name, page in SHOTS.items():
        shot = folder / name
        subprocess.run(
            [chromium, *CHROMIUM_FLAGS, f"--screenshot={shot}", (site / page).resolve().as_uri()],
            check=True,
            capture_output=True,
            timeout=120,
        )
        made.append(shot)
    return made


def main() -> int:
    """Check links; take screenshots when asked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screenshots", metavar="DIR", type=Path, help="write PNGs here")
    args = parser.parse_args()
    pages = list(SITE.rglob("*.html"))
    if not pages:
        print(f"no site at {SITE}: build it first", file=sys.stderr)
        return 1
    broken = broken_links(SITE)
    for line in broken:
        print(f"broken link: {line}", file=sys.stderr)
    print(f"{len(pages)} pages, {len(broken)} broken internal links")
    if args.screenshots:
        for shot in screenshots(SITE, args.screenshots):
            print(f"screenshot: {shot}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
