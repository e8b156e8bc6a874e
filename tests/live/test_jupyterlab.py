"""Real-browser tests of the live widgets: JupyterLab, a kernel, and Chromium.

Each test opens a demo notebook (a copy without outputs, so every widget on the
page was made by the kernel), runs it with the menu "Run > Run All Cells", then
uses the widget as a person would: controls are found by their visible labels
and buttons by their text, and the test waits for the kernel's answer. A
harness notebook with plain ipywidgets is tested first, so that a broken
JupyterLab set-up is told apart from a broken tool. Screenshots are saved under
_build/screenshots/.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest

from academy.i18n import t, table, text
from tests.live.conftest import ACTION_TIMEOUT_MS, SCREENSHOTS, Lab, Watch, unavailable

pytestmark = pytest.mark.browser

#: The kernel status in JupyterLab's status bar, e.g. "Python 3 (ipykernel) | Idle".
KERNEL_IDLE = re.compile(r"\| Idle$")

HARNESS_SOURCE = """\
import json
from pathlib import Path

import ipywidgets as widgets
from IPython.display import HTML, display

kind = widgets.Dropdown(options=["I", "MR"], description="Chart type")
objective = widgets.Text(description="Objective")
save = widgets.Button(description="Save", tooltip="Save the objective")
out = widgets.Output()


def draw(_=None):
    out.clear_output(wait=True)
    with out:
        display(HTML(f'<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="{kind.value} chart">'))


def on_save(_):
    Path("harness.json").write_text(json.dumps({"objective": objective.value}))


kind.observe(draw, "value")
save.on_click(on_save)
draw()
widgets.VBox([kind, objective, save, out])
"""


def wait_until(condition: Callable[[], object], what: str) -> object:
    """Poll ``condition`` until it returns something truthy; fail after the action timeout."""
    deadline = time.monotonic() + ACTION_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


def open_and_run(watch: Watch, lab: Lab, name: str):
    """Open notebook ``name`` in JupyterLab and run every cell from the Run menu."""
    if not (lab.root / name).exists():
        unavailable(f"demo notebook notebooks/tools/{name} not found")
    page = watch.page
    # A workspace of its own, so tabs left open by an earlier test are not restored.
    page.goto(f"{lab.url}/lab/workspaces/{Path(name).stem}/tree/{name}?reset")
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for()
    # Run All is ignored until the kernel is connected: wait for the status bar to say so.
    page.get_by_text(KERNEL_IDLE).wait_for()
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    # Finished when every code cell shows its execution count, e.g. "[3]:" (not "[ ]:" or "[*]:").
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
        timeout=ACTION_TIMEOUT_MS,
    )
    return page


def widget_output(page, label: str):
    """The cell output holding the widget whose control is labelled ``label``."""
    control = page.get_by_label(label, exact=True)
    control.wait_for()
    return page.locator(".jp-Cell-outputArea > .jp-OutputArea-child").filter(has=control)


def chart_image(output) -> tuple[str, str]:
    """The ``src`` and ``alt`` of the (one) chart image in a widget output.

    Both are read in one step in the page: read one by one, a redraw in between
    would pair the old picture with the new alt text.
    """
    src, alt = output.get_by_role("img").evaluate("img => [img.src, img.alt]")
    return src, alt


def numbered_label(key: str) -> re.Pattern[str]:
    """A pattern for a label with a number in it, e.g. "Question {number}" -> "Question 3"."""
    template = re.escape(table()[key]["en"]).replace(re.escape("{number}"), r"\d+")
    return re.compile(f"^{template}$")


def screenshot(page, target, name: str) -> None:
    """Save a screenshot of the page with ``target`` (a locator) scrolled into view."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / name))


def assert_clean(watch: Watch) -> None:
    assert watch.external == [], "requests to other hosts"
    assert watch.errors == [], "errors in the page"


def test_harness_widgets_talk_to_the_kernel(watch: Watch, lab: Lab) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(HARNESS_SOURCE)]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, lab.root / "harness.ipynb")
    page = open_and_run(watch, lab, "harness.ipynb")
    output = widget_output(page, "Chart type")
    assert chart_image(output)[1] == "I chart"

    page.get_by_label("Chart type", exact=True).select_option("MR")
    output.get_by_role("img", name="MR chart").wait_for()
    page.get_by_label("Objective", exact=True).fill("Fewer falls")
    page.get_by_role("button", name="Save", exact=True).click()
    saved = lab.root / "harness.json"
    wait_until(lambda: saved.exists() and "Fewer falls" in saved.read_text(), "harness.json")
    assert_clean(watch)


def test_spc_explorer_redraws_the_chart(watch: Watch, lab: Lab) -> None:
    page = open_and_run(watch, lab, "spc-explorer.ipynb")
    output = widget_output(page, t("spc_explorer.chart"))
    before = chart_image(output)
    assert before[0].startswith("data:image/png;base64,") and before[1]

    freeze = page.get_by_label(t("spc_explorer.freeze"), exact=True)
    freeze.fill("10")
    freeze.press("Enter")  # the box sends its value on Enter or when it loses focus
    frozen = wait_until(lambda: (now := chart_image(output)) != before and now, "frozen limits")

    page.get_by_label(t("spc_explorer.chart"), exact=True).select_option(
        label=t("spc_explorer.chart.run")
    )
    # The alt text names the chart type, so it must change as well as the picture.
    run = wait_until(lambda: (now := chart_image(output))[1] != frozen[1] and now, "the run chart")
    assert run[0] != frozen[0], "the picture should change with the chart type"
    screenshot(page, output.get_by_role("img"), "live-spc-explorer.png")
    assert_clean(watch)


def _json_files(lab: Lab) -> dict[Path, str]:
    """Every JSON file in the notebooks' working folder and the kernels' temporary folder."""
    paths = [*lab.root.rglob("*.json"), *lab.tmp.rglob("*.json")]
    return {p: p.read_text(encoding="utf-8") for p in paths}


def _cycles(doc: dict) -> list[dict]:
    return [
        cycle
        for idea in doc.get("change_ideas", [])
        for ramp in idea.get("ramps", [])
        for cycle in ramp.get("cycles", [])
    ]


def test_pdsa_form_saves_a_cycle(watch: Watch, lab: Lab) -> None:
    """Fill in a cycle, press Save cycle, and find it in a JSON file that changed.

    The log is looked for in the notebook's working folder and in the kernel's
    temporary folder (TMPDIR, also inside the test's folder).
    """
    page = open_and_run(watch, lab, "pdsa-planner.ipynb")
    widget_output(page, t("pdsa.objective"))
    objective = f"Live browser test {uuid.uuid4().hex[:8]}"
    prediction = "Most patients will be screened within an hour"

    idea = page.get_by_label(t("pdsa.change_idea"), exact=True)
    if not idea.input_value():
        idea.fill("Sepsis screening at triage")
    page.get_by_label(t("pdsa.objective"), exact=True).fill(objective)
    page.get_by_role("button", name=t("pdsa.add_question"), exact=True).click()
    page.get_by_label(numbered_label("pdsa.question")).last.fill("How many are screened in time?")
    page.get_by_label(t("pdsa.prediction"), exact=True).last.fill(prediction)
    page.get_by_label(t("pdsa.prediction"), exact=True).last.press("Tab")
    before = _json_files(lab)

    page.get_by_role("button", name=t("pdsa.save"), exact=True).click()
    # The form answers next to the button: "Saved cycle ..." or "Not saved: <the problem>".
    said = re.escape(text("pdsa.saved", "en").split("{")[0]) + "|" + re.escape(t("pdsa.problem"))
    message = page.locator("p", has_text=re.compile(f"^({said})")).first
    answer = message.inner_text()
    assert answer.startswith(text("pdsa.saved", "en").split("{")[0]), f"the form said: {answer}"

    def saved() -> tuple[Path, dict] | None:
        for path, content in _json_files(lab).items():
            if content != before.get(path) and objective in content:
                return path, json.loads(content)
        return None

    _path, doc = wait_until(saved, "the saved cycle in a JSON file")
    cycle = next(c for c in _cycles(doc) if c["objective"] == objective)
    assert [q["prediction"] for q in cycle["questions"]][-1] == prediction
    screenshot(page, message, "live-pdsa-form.png")
    assert_clean(watch)
