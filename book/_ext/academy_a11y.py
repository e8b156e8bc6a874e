"""Accessibility fixes to the book's theme, so that every page meets WCAG 2.2 level AA.

The Academy is a public service in Wales, so its website must meet the accessibility
requirement of the Public Sector Bodies (Websites and Mobile Applications) (No. 2)
Accessibility Regulations 2018 (SI 2018/952, regulations 3 and 6), which the Government
Digital Service checks against WCAG 2.2 level AA. The axe-core audit in
``tests/site/test_accessibility.py`` found these problems in sphinx-book-theme 1.3 on
pydata-sphinx-theme 0.17, fixed here at their source rather than by switching rules off:

- The search button and the colour-mode button had names that did not contain their visible
  words (SC 2.5.3 Label in Name): ``templates/`` holds replacements for those two theme
  templates (each says what it changes).
- The chevrons that open and close a section of the navigation are ``<summary>`` elements with
  no name at all (SC 4.1.2 Name, Role, Value): :func:`name_toggles` gives each one words that a
  screen reader reads and the eye does not see.
- Widget buttons, radio buttons, the dark mode's output panels, focus rings the theme removes,
  highlighted search words and reduced motion: CSS in ``static/academy.css``.

``templates/extra-footer.html`` also links every page to the accessibility statement
(``book/accessibility.md``), in its footer.

The saved-widget renderer's sliders are named by ``widgets-setup.js`` (see academy_offline.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.application import Sphinx

HERE = Path(__file__).resolve().parent
#: Templates that replace the theme's own of the same name (searched before the theme's).
TEMPLATES = HERE / "templates"
#: The site's stylesheet, copied to ``_static/`` at the start of every build (Sphinx copies its
#: static folders only when some page is rebuilt, so a change to the CSS alone would not reach the
#: site); copied before pages are written, so their links carry its checksum.
STYLESHEET = HERE / "static" / "academy.css"


def name_toggles(soup: BeautifulSoup) -> None:
    """Give each nameless ``<summary>`` of the navigation a visually hidden name.

    The name says what the toggle shows, after the page it belongs to; the browser adds
    whether it is open ("expanded") or closed. A summary that already has words is left alone.

    >>> soup = BeautifulSoup(
    ...     '<li class="has-children"><a href="x.html">Run charts</a>'
    ...     '<details><summary><span role="presentation"><i></i></span></summary>'
    ...     '<ul><li><a href="y.html">Rules</a></li></ul></details></li>',
    ...     "html.parser",
    ... )
    >>> name_toggles(soup)
    >>> print(soup.summary)
    <summary><span role="presentation"><i></i></span><span class="visually-hidden">Pages in Run charts</span></summary>
    >>> name_toggles(soup)  # a second pass changes nothing
    >>> len(soup.select("summary .visually-hidden"))
    1
    """
    for summary in soup.select("li.has-children > details > summary"):
        if summary.get_text(strip=True):
            continue
        link = summary.find_parent("li").find("a", recursive=False)
        title = link.get_text(" ", strip=True) if link else ""
        name = soup.new_tag("span", attrs={"class": "visually-hidden"})
        name.string = f"Pages in {title}" if title else "Pages in this section"
        summary.append(name)


def _name_sidebar_toggles(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree
) -> None:
    """Wrap the theme's sidebar builder (``generate_toctree_html``) so its toggles have names."""
    generate = context.get("generate_toctree_html")
    if generate is None:
        return

    def generate_named(kind: str, *args, **kwargs):
        tree = generate(kind, *args, **kwargs)
        if kind == "sidebar" and isinstance(tree, BeautifulSoup):
            name_toggles(tree)
        return tree

    context["generate_toctree_html"] = generate_named


def _configure(app: Sphinx, config) -> None:
    config.templates_path = [str(TEMPLATES), *config.templates_path]


def _copy_stylesheet(app: Sphinx) -> None:
    if app.builder.format == "html":
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        shutil.copy2(STYLESHEET, static / STYLESHEET.name)


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _configure)
    # After pydata-sphinx-theme (default priority 500) has put its functions in the context.
    app.connect("html-page-context", _name_sidebar_toggles, priority=600)
    app.connect("builder-inited", _copy_stylesheet)
    app.add_css_file(STYLESHEET.name)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
