"""Accessibility of the built site: axe-core on every page, page language, keyboard and focus.

The Academy's website must meet WCAG 2.2 level AA (W3C Recommendation, 5 October 2023), the
standard the Government Digital Service checks public sector websites against under the Public
Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018; see
book/accessibility.md. axe-core (Deque Systems; pinned in package.json as a test-only
devDependency, never copied into the site) is injected into every page in Debian's headless
Chromium and run with the rules tagged for WCAG 2.0, 2.1 and 2.2 at levels A and AA. Each page is
audited in light mode and then, on the same loaded page, in dark mode: the theme's default mode
"auto" follows the browser's prefers-color-scheme, which the test switches.

No rule is switched off and no element is excluded. axe-core finds only the problems a program can
see; the statement says so.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.chromium import CHROMIUM, CHROMIUM_ARGS, ROOT

sync_api = pytest.importorskip("playwright.sync_api")

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: axe-core's tags for the success criteria of WCAG 2.0, 2.1 and 2.2 at levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
#: Pages outside the book's own list that readers also meet: search results and the index.
EXTRA_PAGES = ["search.html?q=run+chart", "genindex.html"]
LESSON = "notebooks/improvement-science/05-run-charts/01-building-a-run-chart.html"
#: The language every page is written in (``language: en`` in _config.yml).
SITE_LANGUAGE = "en"

#: Resolves once the page is ready to audit: MathJax has typeset, every saved widget has been drawn,
#: and no element has then been added or removed for 400 ms (or after 10 s). The theme gives
#: scrollable code and outputs their tab stop 300 ms after the last such change
#: (pydata-sphinx-theme's addTabStopsToScrollableElements), so auditing earlier would see a page not
#: yet finished; attribute changes, such as that tab stop itself, do not restart the wait.
SETTLE_JS = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
  const views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]');
  const drawn = () => [...views].every((s) => s.parentElement.querySelector(".widget-subarea > *"));
  await new Promise((resolve) => {
    let quiet;
    const observer = new MutationObserver(() => { clearTimeout(quiet); quiet = setTimeout(check, 400); });
    const finish = () => { observer.disconnect(); resolve(); };
    const check = () => (drawn() ? finish() : (quiet = setTimeout(check, 100)));
    observer.observe(document.documentElement, { subtree: true, childList: true });
    quiet = setTimeout(check, 400);
    setTimeout(finish, 10000);
  });
}"""

#: Switch the loaded page to dark mode (the theme's "auto" mode follows prefers-color-scheme, which
#: the caller has just emulated) and resolve when the theme has applied it and any transitions have
#: ended.
DARK_JS = """async () => {
  for (let waited = 0; document.documentElement.dataset.theme !== "dark"; waited += 20) {
    if (waited > 5000) throw new Error("the page did not switch to dark mode");
    await new Promise((r) => setTimeout(r, 20));
  }
  const finite = document.getAnimations().filter(
    (a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity);
  await Promise.all(finite.map((a) => a.finished.catch(() => null)));
}"""

RUN_AXE_JS = "(options) => axe.run(document, options)"


@dataclass
class Audit:
    """What the pass over every page found: violations per mode, and each page's language."""

    light: dict[str, list[dict]] = field(default_factory=dict)
    dark: dict[str, list[dict]] = field(default_factory=dict)
    lang: dict[str, str] = field(default_factory=dict)
    pages: int = 0
    seconds: float = 0.0


@pytest.fixture(scope="module")
def page(site_url: str) -> Iterator[object]:
    """One Chromium, one context and one tab for the whole module (light mode to start with)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium not found: install Debian's package with `apt-get install chromium`")
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make vendor` (npm ci) to install axe-core")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
        yield context.new_page()
        browser.close()


def _open(page, site_url: str, path: str, redirect: bool = False) -> None:
    """Load ``path`` in light mode and wait until it is ready to audit.

    A redirect page (the site's root ``index.html``, a meta refresh to the home page) is followed
    to the page it leads to, which is then the page audited.
    """
    page.emulate_media(color_scheme="light")
    page.goto(f"{site_url}/{path}", wait_until="networkidle" if redirect else "load")
    page.evaluate(SETTLE_JS)


def _is_redirect(site: Path, path: str) -> bool:
    return 'http-equiv="refresh"' in (site / path.split("?")[0]).read_text("utf-8").lower()


def _axe(page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE_JS, AXE_OPTIONS)["violations"]


@pytest.fixture(scope="module")
def audit(page, site: Path, site_url: str, site_pages: list[str]) -> Audit:
    """Audit every page in light mode, then switch the same page to dark mode and audit again.

    The browser asks for reduced motion (a setting readers can choose), which turns off the theme's
    150 ms colour transitions on buttons, so the dark colours are in place as soon as the theme
    switches rather than after the transitions.
    """
    result = Audit()
    start = time.perf_counter()
    page.emulate_media(reduced_motion="reduce")
    for path in [*site_pages, *EXTRA_PAGES]:
        _open(page, site_url, path, redirect=_is_redirect(site, path))
        result.lang[path] = page.evaluate("() => document.documentElement.lang")
        if found := _axe(page):
            result.light[path] = found
        page.emulate_media(color_scheme="dark")
        page.evaluate(DARK_JS)
        if found := _axe(page):
            result.dark[path] = found
        result.pages += 1
    page.emulate_media(reduced_motion="no-preference")
    result.seconds = time.perf_counter() - start
    return result


def _report(violations: dict[str, list[dict]], mode: str) -> str:
    """One readable list: per page, each rule with its impact, help text and first three targets."""
    lines = [f"axe-core found WCAG 2.2 A/AA violations on {len(violations)} page(s) ({mode} mode):"]
    for path, found in sorted(violations.items()):
        lines.append(path)
        for v in found:
            targets = ", ".join(
                " >> ".join(n["target"]) if isinstance(n["target"], list) else str(n["target"])
                for n in v["nodes"][:3]
            )
            lines.append(
                f"  {v['id']} ({v['impact']}, {len(v['nodes'])} element(s)): {v['help']}"
                f" | {targets}"
            )
    return "\n".join(lines)


def test_axe_reports_known_violations(page) -> None:
    """The audit can fail: on a page built with known faults, axe-core names each of them."""
    page.set_content(
        '<html><head><title>Faults</title></head><body><main><img src="chart.png">'
        '<button></button><p style="color:#999;background:#fff">Faint text</p></main></body></html>'
    )
    found = {v["id"] for v in _axe(page)}
    assert {"html-has-lang", "image-alt", "button-name", "color-contrast"} <= found, found


def test_every_page_has_no_wcag_violations_in_light_mode(audit: Audit) -> None:
    print(f"axe-core audited {audit.pages} pages in light and dark mode in {audit.seconds:.0f} s")
    if audit.light:
        pytest.fail(_report(audit.light, "light"), pytrace=False)


def test_every_page_has_no_wcag_violations_in_dark_mode(audit: Audit) -> None:
    if audit.dark:
        pytest.fail(_report(audit.dark, "dark"), pytrace=False)


def test_every_page_declares_its_language(audit: Audit, site_pages: list[str]) -> None:
    """WCAG 2.2 SC 3.1.1 Language of Page: <html lang="en"> on every page of the site."""
    assert audit.pages == len(site_pages) + len(EXTRA_PAGES)
    wrong = {path: lang for path, lang in audit.lang.items() if lang != SITE_LANGUAGE}
    assert wrong == {}


def test_every_page_links_to_the_accessibility_statement(site: Path, site_pages: list[str]) -> None:
    """The statement is one link away from every page, in the footer (GOV.UK sample statement);
    on the statement itself the link points to the page it is on."""
    missing = [
        path
        for path in site_pages
        if not _is_redirect(site, path)
        and not re.search(
            r'<a href="([^"]*accessibility\.html|#)">Accessibility statement</a>',
            (site / path).read_text("utf-8"),
        )
    ]
    assert (site / "book" / "accessibility.html").exists()
    assert missing == []


def test_axe_core_is_not_published(site: Path) -> None:
    """axe-core is a test tool: the site never serves it."""
    assert sorted(str(p.relative_to(site)) for p in site.rglob("axe*")) == []


ACTIVE_JS = """() => {
  const el = document.activeElement;
  return {
    inSkipLink: !!el.closest("#pst-skip-link"),
    inMain: document.getElementById("main-content").contains(el),
    text: (el.textContent || "").trim().slice(0, 60),
    hash: location.hash,
  };
}"""

#: Describe the focused element once CSS transitions have finished: its focus ring (outline or
#: box-shadow) and whether the ring's centre is on screen and not covered by another element.
#: Some themes draw the ring on a child: the navigation's <summary> toggles put it on their chevron
#: (pydata-sphinx-theme, _sidebar-primary.scss). So the ring is looked for on the element, then on
#: its visible descendants; the element that carries it is kept to compare with no focus.
FOCUS_JS = """async () => {
  const finite = document.getAnimations().filter(
    (a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity);
  await Promise.all(finite.map((a) => a.finished.catch(() => null)));
  const el = document.activeElement;
  const ringed = (e) => {
    const s = getComputedStyle(e);
    return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
  };
  const sized = (e) => e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().height > 0;
  const carrier = [el, ...el.querySelectorAll("*")].find((e) => sized(e) && ringed(e)) || el;
  (window.academyFocused = window.academyFocused || []).push(carrier);
  const s = getComputedStyle(carrier);
  const r = carrier.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  const inView = x >= 0 && y >= 0 && x < innerWidth && y < innerHeight;
  const hit = inView ? document.elementFromPoint(x, y) : null;
  return {
    element: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " " +
      (el.getAttribute("aria-label") || el.innerText || "").trim().slice(0, 40),
    outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth),
    outlineColor: s.outlineColor, boxShadow: s.boxShadow,
    unobscured: !!hit && (hit === carrier || carrier.contains(hit) || el.contains(hit)),
  };
}"""

#: The same elements' outline and box-shadow with nothing focused, to compare with the above.
UNFOCUSED_JS = """() => {
  document.activeElement.blur();
  return window.academyFocused.map((el) => {
    const s = getComputedStyle(el);
    return { outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth),
             boxShadow: s.boxShadow };
  });
}"""


def test_skip_link_comes_first_and_moves_focus_to_main_content(page, site_url: str) -> None:
    """WCAG 2.2 SC 2.4.1 Bypass Blocks: the first Tab offers the skip link, and following it
    makes the next Tab land in the main content rather than in the navigation."""
    _open(page, site_url, LESSON)
    page.keyboard.press("Tab")
    first = page.evaluate(ACTIVE_JS)
    assert first["inSkipLink"] and first["text"] == "Skip to main content", first
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    after = page.evaluate(ACTIVE_JS)
    assert after["hash"] == "#main-content"
    assert after["inMain"], after


def _has_ring(style: dict) -> bool:
    outline = (
        style["outlineStyle"] != "none"
        and style["outlineWidth"] >= 2
        and "rgba(0, 0, 0, 0)" not in style["outlineColor"]
    )
    return outline or style["boxShadow"] != "none"


def test_focus_is_visible_and_not_hidden(page, site_url: str) -> None:
    """WCAG 2.2 SC 2.4.7 Focus Visible and 2.4.11 Focus Not Obscured (Minimum), by keyboard.

    Tab from the top of a lesson through the header and navigation into the lesson itself. Each
    element that takes the focus must show a ring (an outline at least 2 px wide, or a
    box-shadow) that it does not have when not focused, and its centre must be on screen and
    not covered by the sticky header or anything else.
    """
    _open(page, site_url, LESSON)
    page.evaluate("() => { window.academyFocused = []; }")
    focused: list[dict] = []
    in_main = 0
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement === document.body"):
            break
        focused.append(page.evaluate(FOCUS_JS))
        in_main += page.evaluate(ACTIVE_JS)["inMain"]
        if in_main >= 15:
            break
    unfocused = page.evaluate(UNFOCUSED_JS)
    assert in_main >= 15, f"only {in_main} of {len(focused)} tab stops were in the main content"
    no_ring = [f["element"] for f in focused if not _has_ring(f)]
    unchanged = [
        f["element"]
        for f, u in zip(focused, unfocused, strict=True)
        if (f["outlineStyle"], f["outlineWidth"], f["boxShadow"])
        == (u["outlineStyle"], u["outlineWidth"], u["boxShadow"])
    ]
    hidden = [f["element"] for f in focused if not f["unobscured"]]
    assert no_ring == []
    assert unchanged == []
    assert hidden == []
