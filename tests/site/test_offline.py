"""The built site loads nothing from the internet.

Every page is scanned for resource loads (script, link, img, iframe, source,
audio, video, embed, object, track and srcset/poster URLs) that point to another
host. Hyperlinks (``<a href>``) to references are fine: a reader chooses to
follow them; the page does not load them.
"""

from __future__ import annotations

import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

RESOURCE_ATTRS = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "audio": ("src",),
    "video": ("src", "poster"),
    "embed": ("src",),
    "object": ("data",),
    "track": ("src",),
    "input": ("src",),
}
# <link> elements that are metadata, not loads.
NON_LOADING_LINK_RELS = {
    "canonical",
    "author",
    "license",
    "alternate",
    "help",
    "search",
    "next",
    "prev",
    "index",
    "copyright",
    "top",
    "up",
    "first",
    "last",
}


def external_loads(html: str) -> list[str]:
    """Return the URLs of resources that the page would load from another host."""
    found: list[str] = []

    class Scanner(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            names = RESOURCE_ATTRS.get(tag)
            if not names:
                return
            values = dict(attrs)
            if tag == "link":
                rels = set((values.get("rel") or "").lower().split())
                if rels and rels <= NON_LOADING_LINK_RELS:
                    return
            for name in names:
                value = values.get(name)
                if not value:
                    continue
                urls = (
                    [part.strip().split(" ")[0] for part in value.split(",")]
                    if "srcset" in name
                    else [value]
                )
                found.extend(url for url in urls if _is_external(url))

    Scanner().feed(html)
    return found


def _is_external(url: str) -> bool:
    parsed = urlparse(url.strip())
    return (
        bool(parsed.netloc)
        or url.strip().startswith("//")
        or parsed.scheme in {"http", "https", "ftp"}
    )


def test_scanner_finds_external_loads() -> None:
    html = (
        '<script src="https://cdn.example.org/x.js"></script>'
        '<link rel="stylesheet" href="//fonts.example.org/a.css">'
        '<img srcset="local.png 1x, https://img.example.org/b.png 2x">'
        '<a href="https://doi.org/10.1000/1">a reference</a>'
        '<link rel="canonical" href="https://academy.example.org/">'
        '<script src="_static/local.js"></script>'
    )
    assert external_loads(html) == [
        "https://cdn.example.org/x.js",
        "//fonts.example.org/a.css",
        "https://img.example.org/b.png",
    ]


def test_no_page_loads_anything_from_another_host(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 5, "expected the built site to have pages"
    offenders = {}
    for page in pages:
        loads = external_loads(page.read_text(encoding="utf-8"))
        if loads:
            offenders[str(page.relative_to(site))] = loads
    print(
        f"scanned {len(pages)} pages: {sum(map(len, offenders.values()))} external resource loads"
    )
    assert offenders == {}


def test_widget_scripts_only_on_widget_pages(site: Path) -> None:
    """The widget manager is served locally and only where saved widget state needs it."""
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        has_state = "application/vnd.jupyter.widget-state+json" in html
        has_manager = "academy-vendor/html-manager/embed-amd.js" in html
        assert has_state == has_manager, page


def test_no_page_publishes_a_folder_of_the_machine_that_built_it(site: Path) -> None:
    """Pages and downloadable notebooks carry none of the build machine's folders.

    Saved widget state and outputs must not show the repository folder, the home folder or
    a temporary folder: they say nothing to a reader and tell anyone where the book was built.
    """
    repository = site.resolve().parents[1]
    folders = [str(repository), str(Path.home()), str(Path(tempfile.gettempdir()) / "tmp")]
    assert all(len(folder) > 4 for folder in folders)  # never "/" or "/tmp" alone
    published = [
        p for p in sorted(site.rglob("*")) if p.suffix in {".html", ".ipynb", ".md", ".txt"}
    ]
    assert any(p.suffix == ".ipynb" for p in published)  # the notebooks offered for download
    found = {
        str(page.relative_to(site)): folder
        for page in published
        for folder in folders
        if folder in page.read_text(encoding="utf-8")
    }
    assert found == {}
