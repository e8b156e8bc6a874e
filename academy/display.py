"""Show figures in notebooks and on the website with their alternative text.

A matplotlib figure displayed the usual way becomes a bare image, with no text
for screen-reader users. :func:`show_chart` and :func:`show_figure` instead
return an object that notebooks and the book render as an HTML ``<figure>``:
the image with its ``alt`` text and, optionally, a visible caption. The plain
text form (what nbval compares and what a terminal prints) is the alt text.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass
from typing import Any

from matplotlib.figure import Figure

from academy.i18n import PAGE_LANGUAGE, get_language


@dataclass(frozen=True)
class AccessibleFigure:
    """A rendered figure with its alternative text, optional caption and language."""

    png: bytes
    alt: str
    caption: str | None = None
    width: int | None = None
    lang: str = PAGE_LANGUAGE

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.png).decode("ascii")
        width = f' width="{self.width}"' if self.width else ""
        caption = f"<figcaption>{html.escape(self.caption)}</figcaption>" if self.caption else ""
        # text in another language than the page's is marked (WCAG 2.2 SC 3.1.2 Language of Parts)
        lang = f' lang="{self.lang}"' if self.lang != PAGE_LANGUAGE else ""
        return (
            f'<figure class="academy-figure"{lang}><img src="data:image/png;base64,{data}"'
            f' alt="{html.escape(self.alt, quote=True)}"{width}>{caption}</figure>'
        )

    def __repr__(self) -> str:
        return f"Figure: {self.alt}"


def show_figure(
    fig: Figure, alt: str, caption: str | None = None, dpi: int = 100
) -> AccessibleFigure:
    """Render ``fig`` to PNG and pair it with its alternative text."""
    if not alt.strip():
        raise ValueError("a figure needs alternative text describing what it shows")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    width = round(fig.get_size_inches()[0] * dpi)
    return AccessibleFigure(buffer.getvalue(), alt, caption, width, get_language())


def show_chart(result: Any, caption: str | None = None, **plot_kw: Any) -> AccessibleFigure:
    """Draw an SPC result (from :func:`academy.spc.chart`) with its generated alt text."""
    from academy.spc.plot import alt_text, plot_chart

    fig = Figure(figsize=plot_kw.pop("figsize", (9, 4.5)), layout="constrained")
    plot_chart(result, ax=fig.add_subplot(), **plot_kw)
    return show_figure(fig, alt_text(result), caption)
