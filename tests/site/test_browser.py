"""Real-browser checks of the built site in Debian's headless Chromium.

The site is served on 127.0.0.1; every request to any other host is blocked and
recorded, so these tests also prove at run time that pages work offline.
Screenshots are saved under _build/screenshots/ for people to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.chromium import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS

sync_api = pytest.importorskip("playwright.sync_api")

EXAMPLE_LESSON = "notebooks/improvement-science/05-run-charts/01-building-a-run-chart.html"
WELSH_TOOLS = "notebooks/tools/tools-in-welsh.html"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium not found: install Debian's package with `apt-get install chromium`")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageWatch:
    """A page that records console errors, page errors and requests to other hosts."""

    def __init__(self, browser, site_url: str) -> None:
        self.host = urlparse(site_url).netloc
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.external: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on(
            "response",
            lambda r: self.errors.append(f"HTTP {r.status} for {r.url}")
            if r.status >= 400
            else None,
        )
        self.page.route("**/*", self._route)

    def _route(self, route) -> None:
        url = route.request.url
        if urlparse(url).scheme in {"http", "https"} and urlparse(url).netloc != self.host:
            self.external.append(url)
            route.abort()
        else:
            route.continue_()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watch(browser, site_url: str) -> Iterator[PageWatch]:
    w = PageWatch(browser, site_url)
    yield w
    w.close()


def _screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=False)


def test_home_page_loads_cleanly(watch: PageWatch, site_url: str) -> None:
    watch.page.goto(f"{site_url}/book/index.html", wait_until="networkidle")
    assert watch.page.locator("article h1").first.is_visible()
    _screenshot(watch.page, "home.png")
    assert watch.errors == []
    assert watch.external == []


def test_lesson_renders_saved_widget(watch: PageWatch, site_url: str) -> None:
    watch.page.goto(f"{site_url}/{EXAMPLE_LESSON}", wait_until="networkidle")
    widget = watch.page.locator(".cell_output .jupyter-widgets").first
    widget.wait_for(state="visible", timeout=15_000)
    widget.scroll_into_view_if_needed()
    _screenshot(watch.page, "lesson-widget.png")
    assert watch.errors == []
    assert watch.external == []


def test_tools_built_in_welsh_are_marked_lang_cy(watch: PageWatch, site_url: str) -> None:
    """WCAG 2.2 SC 3.1.2 Language of Parts: Welsh tools on an English page carry lang="cy"."""
    watch.page.goto(f"{site_url}/{WELSH_TOOLS}", wait_until="networkidle")
    tools = watch.page.locator(".academy-tool.academy-lang-cy")
    tools.first.wait_for(state="visible", timeout=15_000)
    assert tools.count() >= 2
    assert {tools.nth(i).get_attribute("lang") for i in range(tools.count())} == {"cy"}
    # a chart drawn in Welsh: its alt text is read with Welsh pronunciation
    assert watch.page.locator('figure.academy-figure[lang="cy"] img[alt^="Siart"]').count() >= 1
    assert watch.errors == []


def test_lesson_offers_notebook_download(watch: PageWatch, site_url: str) -> None:
    watch.page.goto(f"{site_url}/{EXAMPLE_LESSON}", wait_until="networkidle")
    link = watch.page.locator('a[href$=".ipynb"]').first
    href = link.get_attribute("href")
    assert href and href.endswith("01-building-a-run-chart.ipynb")
    response = watch.page.request.get(f"{site_url}/{Path(EXAMPLE_LESSON).parent}/{href}")
    assert response.ok and b'"cells"' in response.body()


def test_search_finds_lesson_by_body_word(watch: PageWatch, site_url: str) -> None:
    # "crossings" appears in the body of the run-chart lesson, not in its title.
    watch.page.goto(f"{site_url}/search.html?q=crossings", wait_until="networkidle")
    results = watch.page.locator("ul.search li a")
    results.first.wait_for(state="visible", timeout=15_000)
    titles = results.all_inner_texts()
    _screenshot(watch.page, "search.png")
    assert any("Building a run chart" in t for t in titles), titles
    assert watch.errors == []


def test_every_page_loads_without_console_errors(
    watch: PageWatch, site_url: str, site: Path
) -> None:
    """Every page of the book, widgets and all, runs without errors and without the internet."""
    pages = sorted(
        str(p.relative_to(site))
        for p in site.rglob("*.html")
        if not p.name.startswith(("genindex", "search")) and "_static" not in p.parts
    )
    problems = {}
    for page in pages:
        watch.errors.clear()
        watch.page.goto(f"{site_url}/{page}", wait_until="networkidle")
        if watch.errors:
            problems[page] = list(watch.errors)
    assert problems == {}
    assert watch.external == []
    print(f"{len(pages)} pages loaded without console errors")
