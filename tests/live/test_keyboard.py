"""The tools work by keyboard alone in JupyterLab, with a focus ring you can see.

As in test_jupyterlab.py, a demo notebook (without saved outputs) is opened and
run in headless Chromium. Then the tool is used with ``page.keyboard`` only:
focus is put on a marker just before the tool (where a keyboard user arrives
from the cell above), Tab moves through the controls, the arrow keys change a
drop-down list (opened with Space: on a closed list JupyterLab's command mode takes
the arrow keys, ipywidgets issue #3912) and Enter presses a button. The order of the Tab stops must be
the order of the controls on the page, and every stop must show a focus ring at
least 2 px wide (WCAG 2.2 SC 2.1.1 Keyboard, 2.4.3 Focus Order, 2.4.7 Focus
Visible, 2.4.13 Focus Appearance). A screenshot of a focused control is saved as
_build/screenshots/live-keyboard-focus.png.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import ipywidgets as widgets
import pytest

from academy.i18n import t, text
from academy.widgets._access import TOOL_CLASS
from academy.widgets.spc_explorer import SpcExplorerApp
from tests.live.conftest import SCREENSHOTS, Lab, Watch
from tests.live.test_jupyterlab import (
    assert_clean,
    chart_image,
    open_and_run,
    wait_until,
    widget_output,
)

pytestmark = pytest.mark.browser

#: Tab presses allowed beyond the expected number before the test gives up.
SPARE_TABS = 10

#: Puts a focusable marker just before the tool that has a control labelled ``label``
#: and focuses it, as if the learner had tabbed out of the cell above.
START_BEFORE_TOOL = f"""(label) => {{
    const tool = [...document.querySelectorAll('.{TOOL_CLASS}')].find(
        box => [...box.querySelectorAll('label')].some(l => l.textContent.trim() === label));
    const start = document.createElement('span');
    start.tabIndex = 0;
    start.className = 'keyboard-test-start';
    tool.parentElement.insertBefore(start, tool);
    start.focus();
}}"""

#: What the focused element is: its accessible name (its label, or a button's text),
#: whether it sits in a tool, and its computed focus ring.
FOCUSED = """() => {
    const el = document.activeElement;
    const named = el.labels && el.labels.length ? el.labels[0] : el;
    const style = getComputedStyle(el);
    return {
        tag: el.tagName.toLowerCase(),
        name: named.textContent.replace(/\\s+\\(\\d+\\)$/, '').trim(),
        value: el.value === undefined ? null : String(el.value),
        inTool: el.closest('.academy-tool') !== null,
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth),
        boxShadow: style.boxShadow,
    };
}"""


def focused(page) -> dict:
    """The focused element, checked for a visible focus ring and for being inside the tool."""
    now = page.evaluate(FOCUSED)
    assert now["inTool"], f"focus left the tool: {now}"
    ring = now["outlineStyle"] != "none" and now["outlineWidth"] >= 2
    assert ring or now["boxShadow"] != "none", f"no visible focus indicator: {now}"
    return now


def tab_to(page, name: str, limit: int, *, back: bool = False) -> list[str]:
    """Press Tab (Shift+Tab if ``back``) until the control called ``name`` has focus.

    Returns the names of the stops on the way, the last one included.
    """
    stops: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        stops.append(focused(page)["name"])
        if stops[-1] == name:
            return stops
    pytest.fail(f"{name!r} not reached with {limit} presses of Tab; stops: {stops}")


def _walk(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    if widget.layout.display == "none":
        return
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def tab_stops(tool: widgets.Widget) -> list[str]:
    """The names of the controls a keyboard user meets, in page order (from the Python side)."""
    controls = (widgets.Button, widgets.FileUpload, widgets.ValueWidget)
    text = (widgets.HTML, widgets.HTMLMath, widgets.Label)
    return [
        w.description
        for w in _walk(tool)
        if isinstance(w, controls) and not isinstance(w, text) and not w.disabled
    ]


def test_spc_explorer_by_keyboard_alone(watch: Watch, lab: Lab) -> None:
    page = open_and_run(watch, lab, "spc-explorer.ipynb")
    output = widget_output(page, t("spc_explorer.chart"))
    # The notebook builds SpcExplorerApp() with its defaults: the same controls show here.
    expected = tab_stops(SpcExplorerApp().widget)
    upto = expected[: expected.index(t("spc_explorer.chart")) + 1]
    page.evaluate(START_BEFORE_TOOL, t("spc_explorer.dataset"))

    # Tab from the top of the tool to the chart type: every control in page order.
    stops = tab_to(page, t("spc_explorer.chart"), len(upto) + SPARE_TABS)
    assert stops == upto
    before = chart_image(output)
    assert before[1].startswith("Proportion (P) chart")

    # Space opens the list, the arrow key goes to the next chart type (Laney P') and Enter
    # chooses it; the kernel redraws. (An arrow key on the closed list would move to the
    # next cell: JupyterLab's command mode takes it, ipywidgets issue #3912.)
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert focused(page)["name"] == t("spc_explorer.chart")
    laney = wait_until(
        lambda: (now := chart_image(output))[1].startswith("Laney P′ chart") and now,
        "the Laney P′ chart after the arrow key",
    )
    assert laney[0] != before[0]

    # Back one stop to "Use suggested chart"; Enter presses it: the advised P chart returns.
    assert tab_to(page, t("spc_explorer.use_advice"), 1, back=True)
    page.keyboard.press("Enter")
    wait_until(
        lambda: chart_image(output)[1].startswith("Proportion (P) chart"),
        "the suggested P chart after Enter",
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "live-keyboard-focus.png"))
    assert_clean(watch)


def test_pdsa_form_by_keyboard_alone(watch: Watch, lab: Lab) -> None:
    page = open_and_run(watch, lab, "pdsa-planner.ipynb")
    widget_output(page, t("pdsa.objective"))
    objective = f"Keyboard test {uuid.uuid4().hex[:8]}"
    page.evaluate(START_BEFORE_TOOL, t("pdsa.objective"))

    # Type into fields reached with Tab only (a date box takes a Tab per part, so the
    # count of presses is generous); every stop shows a focus ring.
    tab_to(page, t("pdsa.change_idea"), 5)
    page.keyboard.press("Control+A")
    page.keyboard.type("Sepsis screening at triage")
    tab_to(page, t("pdsa.objective"), 5)
    page.keyboard.type(objective)
    tab_to(page, t("pdsa.save"), 60)
    page.keyboard.press("Enter")

    saved = re.escape(text("pdsa.saved", "en").split("{")[0])
    message = page.locator("[role=status] p", has_text=re.compile(f"^{saved}")).first
    message.wait_for()
    assert focused(page)["name"] == t("pdsa.save")  # focus stays on the button pressed
    assert objective in page.locator(".jp-OutputArea-output table").first.inner_text()
    assert_clean(watch)


def test_team_list_by_keyboard_as_its_hint_says(watch: Watch, lab: Lab) -> None:
    """Ctrl with an arrow key moves through the list and Ctrl+Space removes a team."""
    page = open_and_run(watch, lab, "team-progress.ipynb")
    output = widget_output(page, t("progress.teams"))
    page.evaluate(START_BEFORE_TOOL, t("progress.teams"))
    assert tab_to(page, t("progress.teams"), 1)
    chosen = "() => [...document.activeElement.selectedOptions].map(o => o.value)"
    before = page.evaluate(chosen)
    assert len(before) > 1  # every team is chosen at first
    figure = output.get_by_role("img").first.get_attribute("alt")

    page.keyboard.press("Control+ArrowDown")
    page.keyboard.press("Control+Space")
    assert focused(page)["name"] == t("progress.teams")
    assert len(page.evaluate(chosen)) == len(before) - 1
    wait_until(
        lambda: output.get_by_role("img").first.get_attribute("alt") != figure,
        "the figure redrawn without the team",
    )
    assert_clean(watch)
