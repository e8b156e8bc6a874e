"""Fixtures for tests of the built website in _build/html.

These tests need a built site (``make book`` or ``make book-strict``). Under
``make test`` (ACADEMY_REQUIRE_SITE=1) a missing site is a failure; when run by
hand without a site they are skipped with a message saying how to build it.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def site() -> Path:
    if not (SITE / "index.html").exists():
        message = "no built site in _build/html: run `make book` first"
        if os.environ.get("ACADEMY_REQUIRE_SITE") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return SITE


@pytest.fixture(scope="session")
def site_pages(site: Path) -> list[str]:
    """Every page of the book, as paths relative to the site root (search and index pages aside)."""
    return sorted(
        str(p.relative_to(site))
        for p in site.rglob("*.html")
        if not p.name.startswith(("genindex", "search")) and "_static" not in p.parts
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(site: Path) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 (a free port) for the duration of the session."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
