"""Serve the site's browser JavaScript from the site itself, never from a CDN.

myst-nb embeds saved widget state and, by default, loads RequireJS and the
``@jupyter-widgets/html-manager`` bundle from CDNs; Sphinx loads MathJax from a
CDN too. The Academy's site must work with no internet at all, so the Makefile
installs pinned copies from npm (``package.json``) and this extension copies
the files a page needs into ``_static/academy-vendor/`` of the built site.

They are deliberately *not* in the book's own ``_static/`` folder: Jupyter Book
adds every script found there to every page, which loads the widget manager on
pages without widgets (rendering widgets twice) and lets RequireJS break other
scripts. Pages ask for these files only where needed: myst-nb adds the widget
scripts to pages whose notebook carries widget state, and Sphinx adds MathJax
only to pages with mathematics.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
NODE_MODULES = ROOT / "node_modules"

#: Site path under ``_static/`` -> source under ``node_modules/`` (file or folder).
VENDORED = {
    "academy-vendor/require.js": "requirejs/require.js",
    "academy-vendor/html-manager": "@jupyter-widgets/html-manager/dist",
    "academy-vendor/mathjax": "mathjax/es5",
}

#: Files of the html-manager and MathJax distributions that pages never load.
SKIPPED = ("*.map", "embed.js", "embed.js.LICENSE.txt", "libembed-amd.js", "*-full*.js", "*svg*.js")

#: Our own script for widget pages (fonts path, MathJax 3 bridge, slider names); see widgets-setup.js.
WIDGETS_SETUP = HERE / "widgets-setup.js"

#: Script tags myst-nb writes, in order, on pages with saved widget state (paths relative to ``_static/``).
IPYWIDGETS_JS = {
    "academy-vendor/widgets-setup.js": {},
    "academy-vendor/require.js": {},
    "academy-vendor/html-manager/embed-amd.js": {},
}


def _copy_vendored(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    for target, source in VENDORED.items():
        src = NODE_MODULES / source
        if not src.exists():
            raise ExtensionError(
                f"{src} is missing: run `make vendor` (npm ci) before building the book"
            )
        dest = static / target
        if src.is_dir():
            shutil.copytree(src, dest, dirs_exist_ok=True, ignore=shutil.ignore_patterns(*SKIPPED))
        else:
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest)
    shutil.copy2(WIDGETS_SETUP, static / "academy-vendor" / WIDGETS_SETUP.name)


def _drop_thebe(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Remove sphinx-thebe's scripts: Thebe (live code via Binder) is off on this offline site.

    Jupyter Book always loads the sphinx-thebe extension, which adds its configuration script
    twice and so raises "Identifier 'THEBE_JS_URL' has already been declared" in the console.
    """
    scripts = context.get("script_files")
    if scripts is None:
        return
    context["script_files"] = [
        script
        for script in scripts
        if "sphinx-thebe" not in str(getattr(script, "filename", script) or "")
        and "THEBE_JS_URL" not in str(getattr(script, "attributes", {}).get("body", ""))
    ]


def _configure(app: Sphinx, config) -> None:
    config.nb_ipywidgets_js = IPYWIDGETS_JS
    config.mathjax_path = "academy-vendor/mathjax/tex-chtml.js"


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _configure, priority=900)
    app.connect("build-finished", _copy_vendored)
    app.connect("html-page-context", _drop_thebe)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
