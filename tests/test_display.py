"""Figures shown with their alt text, and marked as Welsh when drawn in Welsh."""

import re

import matplotlib
import pandas as pd
import pytest
from matplotlib.figure import Figure

from academy import i18n
from academy.display import show_chart, show_figure
from academy.spc import chart

matplotlib.use("Agg")


def _figure() -> Figure:
    figure = Figure()
    figure.add_subplot().plot([1, 2, 3])
    return figure


def test_the_html_is_a_figure_with_the_alt_text_and_caption() -> None:
    shown = show_figure(_figure(), alt='Falls per week: "stable"', caption="Figure 1")
    markup = shown._repr_html_()
    assert markup.startswith('<figure class="academy-figure"><img src="data:image/png;base64,')
    assert 'alt="Falls per week: &quot;stable&quot;"' in markup
    assert markup.endswith("<figcaption>Figure 1</figcaption></figure>")
    assert repr(shown) == 'Figure: Falls per week: "stable"'


def test_a_figure_without_alt_text_is_refused() -> None:
    with pytest.raises(ValueError, match="alternative text"):
        show_figure(_figure(), alt="  ")


def test_a_chart_drawn_in_welsh_is_marked_lang_cy_and_an_english_one_is_not() -> None:
    """WCAG 2.2 SC 3.1.2 Language of Parts: Welsh alt text on an English page says it is Welsh."""
    data = pd.DataFrame({"falls": [3, 5, 4, 6, 2, 4, 5, 3, 4, 6]})
    english = show_chart(chart(data, y="falls", chart="c"))._repr_html_()
    i18n.set_language("cy")
    welsh = show_chart(chart(data, y="falls", chart="c"))._repr_html_()
    assert re.match(r'<figure class="academy-figure"><img ', english)
    assert re.match(r'<figure class="academy-figure" lang="cy"><img ', welsh)
    assert 'alt="Siart cyfrif (C)' in welsh and 'alt="Count (C) chart' in english
