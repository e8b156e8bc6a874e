"""Every tool is labelled for screen readers, ordered by headings, announces its messages,
and draws a visible focus ring (WCAG 2.2 SC 1.3.1, 2.4.6, 2.4.7, 4.1.2, 4.1.3).

The checks walk each tool's widget tree as ipywidgets renders it: what a
description becomes in the page (a ``<label for>``, a wrapping label, nothing
for a group) is recorded in :mod:`academy.widgets._access` from the ipywidgets
8.1 view code. Keyboard operation in a real browser is tested in
``tests/live/test_keyboard.py``.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import ipywidgets as widgets
import pandas as pd
import pytest

from academy import i18n
from academy.i18n import t
from academy.quizzes.improvement_science import QUESTIONS
from academy.widgets._access import FOCUS_COLOUR, FOCUS_CSS, HIDDEN_CLASS, TOOL_CLASS
from academy.widgets.builders import DriverDiagramApp, FishboneApp, MeasurementPlanApp
from academy.widgets.news2 import News2App
from academy.widgets.pdsa_form import PdsaFormApp
from academy.widgets.progress import ProgressApp
from academy.widgets.quiz import QuizApp
from academy.widgets.rule_trainer import RuleTrainerApp
from academy.widgets.simulations import FunnelApp, HelicopterApp, PotatoHeadApp, RedBeadsApp
from academy.widgets.spc_explorer import SpcExplorerApp

TEAMS = pd.DataFrame(
    {
        "team": ["Ward A"] * 2 + ["Ward B"] * 2,
        "month": ["2024-01", "2024-02"] * 2,
        "score": [1.0, 2.0, 0.5, 4.0],
    }
)
SERIES = pd.DataFrame(
    {"day": range(1, 21), "minutes": [12, 15, 11, 14, 13, 16, 12, 40] + [13] * 12}
)

#: Every tool, built as a notebook builds it (files in a temporary folder).
TOOLS: dict[str, Callable[[Path], object]] = {
    "spc_explorer": lambda _: SpcExplorerApp(data=SERIES),
    "rule_trainer": lambda _: RuleTrainerApp(seed=1),
    "pdsa_form": lambda tmp: PdsaFormApp(tmp / "log.json"),
    "driver_diagram": lambda tmp: DriverDiagramApp(tmp / "dd.json"),
    "fishbone": lambda tmp: FishboneApp(tmp / "fb.json"),
    "measurement_plan": lambda tmp: MeasurementPlanApp(tmp / "mp.json"),
    "news2": lambda _: News2App(),
    "progress": lambda _: ProgressApp(TEAMS),
    "quiz": lambda _: QuizApp(QUESTIONS[:2]),
    "red_beads": lambda _: RedBeadsApp(),
    "funnel": lambda _: FunnelApp(),
    "potato_head": lambda _: PotatoHeadApp(),
    "helicopter": lambda _: HelicopterApp(),
}
#: Tools with one group of controls only: the notebook's own heading names them.
SINGLE_GROUP = {"progress", "quiz"}
TEXT = (widgets.HTML, widgets.HTMLMath, widgets.Label)


@pytest.fixture(params=sorted(TOOLS))
def app(request: pytest.FixtureRequest, tmp_path: Path) -> object:
    built = TOOLS[request.param](tmp_path)
    built.name = request.param
    return built


def walk(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    """Every widget in page order (the order of the DOM, so of Tab)."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def inputs(root: widgets.Widget) -> list[widgets.Widget]:
    return [
        w
        for w in walk(root)
        if isinstance(w, widgets.Button | widgets.FileUpload | widgets.ValueWidget)
        and not isinstance(w, TEXT)
    ]


def plain(markup: str) -> str:
    return re.sub(r"<[^>]+>", "", markup).strip()


def test_every_control_has_a_text_label(app) -> None:
    controls = inputs(app.widget)
    assert controls
    for control in controls:
        # a button's words are its name (never an icon alone); a description is a <label>
        assert control.description.strip(), control
        if isinstance(control, widgets.Button):
            assert plain(control.description) == control.description
        if isinstance(control, widgets.Button | widgets.FileUpload):
            assert control.layout.width in {"auto", "max-content"}  # the words are not cut short


def test_radio_groups_follow_their_question_in_words(app) -> None:
    """ipywidgets does not tie a RadioButtons group to its label, so the question comes first."""
    order = list(walk(app.widget))
    for i, control in enumerate(order):
        if isinstance(control, widgets.RadioButtons):
            assert all(str(label).strip() for label in control.options), control
            before = [w for w in order[:i] if isinstance(w, TEXT) and plain(w.value)]
            assert before and order.index(before[-1]) >= i - 2, "no question right before"


def test_every_picture_has_alt_text(app) -> None:
    """Charts and diagrams are shown as <img> with alt text (academy.display), never bare."""
    pictures = 0
    for output in (w for w in walk(app.widget) if isinstance(w, widgets.Output)):
        for item in output.outputs:
            data = item.get("data", {})
            assert "image/png" not in data, "a bare image has no alt text"
            for img in re.findall(r"<img\b[^>]*>", data.get("text/html", "")):
                pictures += 1
                alt = re.search(r'alt="([^"]*)"', img)
                assert alt and len(alt[1].split()) >= 5, img[:80]
    if app.name not in {"news2", "quiz", "measurement_plan", "driver_diagram", "fishbone"}:
        assert pictures, "the tool should start with a picture"


def test_no_toggle_buttons_whose_choice_a_screen_reader_cannot_hear(app) -> None:
    assert not [w for w in walk(app.widget) if isinstance(w, widgets.ToggleButtons)]


def test_what_were_hover_tooltips_of_options_are_words_on_the_page() -> None:
    """A tooltip shows on mouse hover only: the options' meanings are written out instead."""
    app = HelicopterApp()
    shown = " ".join(w.value for w in walk(app.widget) if isinstance(w, widgets.HTML))
    for design in ("full", "half", "quarter"):
        assert html.escape(t(f"simulations.helicopter.design_{design}_tooltip")) in shown
    assert isinstance(app.design, widgets.Dropdown)


def test_headings_start_at_level_3_and_never_skip_a_level(app) -> None:
    levels = [
        int(level)
        for w in walk(app.widget)
        if isinstance(w, widgets.HTML)
        for level in re.findall(r"<h([1-6])\b", w.value)
    ]
    if app.name in SINGLE_GROUP:
        assert levels == []
        return
    assert levels and levels[0] == 3, levels  # the tools sit under a level-2 notebook heading
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels


def test_the_tool_carries_the_focus_style_first(app) -> None:
    assert TOOL_CLASS in app.widget._dom_classes
    style = app.widget.children[0]
    assert isinstance(style, widgets.HTML) and style.layout.display == "none"
    assert style.value == f"<style>{FOCUS_CSS}</style>"


@pytest.mark.parametrize("name", sorted(TOOLS))
def test_a_tool_built_in_welsh_is_marked_as_welsh_for_the_site(name: str, tmp_path: Path) -> None:
    """WCAG 2.2 SC 3.1.2 Language of Parts: the site script turns academy-lang-cy into lang="cy"."""
    for language in ("en", "cy"):
        (tmp_path / language).mkdir()
    english = TOOLS[name](tmp_path / "en")
    i18n.set_language("cy")  # tests/conftest.py puts English back afterwards
    welsh = TOOLS[name](tmp_path / "cy")
    assert "academy-lang-cy" in welsh.widget._dom_classes
    assert not [c for c in english.widget._dom_classes if c.startswith("academy-lang-")]


def test_tools_with_a_list_say_how_to_open_it_by_keyboard(app) -> None:
    """JupyterLab takes the arrow keys on a closed list (ipywidgets #3912): Space opens it."""
    has_list = any(isinstance(w, widgets.Dropdown) for w in walk(app.widget))
    helps = [
        w for w in walk(app.widget) if isinstance(w, widgets.HTML) and "keyboard-help" in w.value
    ]
    assert bool(helps) == has_list
    if has_list:
        assert app.widget.children[1] is helps[0]  # before any control
        assert "press Space to open it" in helps[0].value


def relative_luminance(colour: str) -> float:
    """WCAG 2.2 definition (relative luminance, sRGB), written out for the test."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_focus_ring_is_thick_and_contrasts_with_white() -> None:
    rule = re.search(
        r":focus-visible,\s*\S+ input\[type=\"date\"\]:focus-within \{([^}]*)\}", FOCUS_CSS
    )
    assert rule and ":is(button, input, select, textarea" in FOCUS_CSS
    width, colour = re.search(r"outline: (\d+)px solid (#[0-9A-F]{6}) !important", rule[1]).groups()
    assert int(width) >= 2  # SC 2.4.13: at least 2 CSS pixels
    assert colour == FOCUS_COLOUR
    # SC 1.4.11: 3:1 against the white page and the white halo inside the ring.
    contrast = (1.0 + 0.05) / (relative_luminance(colour) + 0.05)
    assert contrast >= 3
    assert round(contrast, 1) == 6.4  # NHS Blue on white
    assert "box-shadow: 0 0 0 2px #FFFFFF" in rule[1]


def test_progress_gives_mouse_and_keyboard_hints_before_the_list() -> None:
    app = ProgressApp(TEAMS)
    order = list(walk(app.widget))
    hint = order.index(app.hint)
    assert hint < order.index(app.teams)
    assert "Ctrl" in app.hint.value and "Shift" in app.hint.value
    assert "Ctrl+Space" in app.hint.value  # for keyboard users, not only the mouse


# ------------------------------------------------------------------ announced messages

STATUS = '<div role="status" aria-live="polite">'
ALERT = '<div role="alert">'


def test_spc_explorer_announces_problems_exports_and_redraws(tmp_path: Path) -> None:
    app = SpcExplorerApp(data=SERIES)
    assert app.announcement.value == ""  # nothing said before the learner acts
    assert HIDDEN_CLASS in app.announcement._dom_classes
    assert app.data_status.value.startswith(STATUS)
    app.set_options(chart="p")  # a p chart needs a denominator
    assert app.message.value.startswith(ALERT + "<p>Please check:")
    app.set_options(chart="i")
    assert app.announcement.value == (
        STATUS + "Chart redrawn: Individuals (I) chart. Findings of the rules: "
        f"{len(app.result.findings)}.</div>"
    )
    app.export_points(tmp_path / "points.csv")
    assert app.export_status.value.startswith(STATUS + "<p>")


def test_rule_trainer_announces_the_verdict_in_words_and_the_next_chart() -> None:
    app = RuleTrainerApp(seed=1)
    assert app.heading.value.startswith(STATUS + "<h3>")
    app.check()
    verdict = re.match(re.escape(STATUS) + r"<p><strong>(\w+)", app.feedback_box.value)
    assert verdict and verdict[1] in {"Correct", "Partly", "Not"}  # a word, not a colour
    app.set_answer(points="x")
    app.check()
    assert app.message.value.startswith(ALERT)
    app.next()
    assert "<h3>Chart 2:" in app.heading.value


def test_pdsa_and_builders_announce_saves_and_problems(tmp_path: Path) -> None:
    form = PdsaFormApp(tmp_path / "log.json")
    form.fill(change_idea="")
    form._click_save()
    assert form.message.value.startswith(ALERT + "<p><strong>Not saved:</strong>")
    plan = MeasurementPlanApp(tmp_path / "mp.json")
    plan.set_aim("Cut falls on ward 7 by 50% by March")
    assert plan.gaps.value.startswith(STATUS + "<p>")
    plan.save()
    assert plan.message.value.startswith(STATUS + "<p>Saved")


def test_simulations_announce_the_lock_and_the_result() -> None:
    app = FunnelApp()
    assert app.lock_note.value.startswith(STATUS)
    assert app.announcement.value == ""  # the example run is not announced
    app.set_prediction(1)
    result = app.run()
    assert app.announcement.value == (
        f"{STATUS}Run finished. {result.compare_prediction()}</div>".replace("'", "&#x27;")
    )
    assert HIDDEN_CLASS in app.announcement._dom_classes


def test_news2_and_quiz_announce_their_results() -> None:
    news2 = News2App()
    news2.set_values(consciousness="V")
    assert news2.summary.value.startswith(STATUS + "<ul><li>NEWS2 total: 3")
    quiz = QuizApp(QUESTIONS[:2])
    result = quiz.mark()
    assert quiz.status.value == f"{STATUS}<p><strong>{result}</strong></p></div>"
