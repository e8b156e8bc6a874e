"""The builder forms edit through academy.builders, redraw with alt text and save/load JSON."""

from __future__ import annotations

import json
from pathlib import Path

import ipywidgets as widgets
import pytest

from academy import i18n
from academy.builders import (
    DriverDiagram,
    PrimaryDriver,
    load_driver_diagram,
    load_fishbone,
    load_plan,
)
from academy.errors import InputError
from academy.widgets.builders import (
    DriverDiagramApp,
    FishboneApp,
    MeasurementPlanApp,
    split_list,
)


def controls(widget: widgets.Widget) -> list[widgets.Widget]:
    """Every input control and button inside ``widget``."""
    found = []
    if isinstance(widget, widgets.Button | widgets.ValueWidget) and not isinstance(
        widget, widgets.HTML | widgets.Label
    ):
        found.append(widget)
    for child in getattr(widget, "children", ()):
        found += controls(child)
    return found


def alt_text(output: widgets.Output) -> str:
    """The plain-text form of the one thing shown: a figure's alt text, or a message."""
    (item,) = output.outputs
    return item["data"].get("text/plain", "")


def test_split_list_drops_blanks() -> None:
    assert split_list(" a; ;b ;") == ["a", "b"]


def test_driver_diagram_built_through_the_controls(tmp_path: Path) -> None:
    path = tmp_path / "dd.json"
    app = DriverDiagramApp(path)
    assert "Nothing to draw yet" in app.output.outputs[0]["data"]["text/html"]
    app.aim.value = "Cut falls on ward 7 by 50% by March"
    app.aim_measures.value = "Falls per 1,000 bed days"
    app.aim_button.click()
    app.level.value = "primary"
    app.item_text.value = "Reliable risk assessment"
    app.add_button.click()
    app.level.value = "secondary"
    assert app.parent.options == (("Reliable risk assessment", (0,)),)
    app.item_text.value = "Assessment within 6 hours of admission"
    app.item_measures.value = "% assessed within 6 h"
    app.add_button.click()
    app.add("change_idea", "Admission checklist", parent=(0, 0))
    expected = "\n".join(
        [
            "Figure: Aim: Cut falls on ward 7 by 50% by March (measures: Falls per 1,000 bed days)",
            "- Primary driver: Reliable risk assessment",
            "  - Secondary driver: Assessment within 6 hours of admission"
            " (measures: % assessed within 6 h)",
            "    - Change idea: Admission checklist",
        ]
    )
    assert alt_text(app.output) == expected
    assert app.item_text.value == ""  # ready for the next entry
    app.save_button.click()
    assert (
        app.message.value == '<div role="status" aria-live="polite"><p>Saved to dd.json</p></div>'
    )
    assert load_driver_diagram(path) == app.content
    assert DriverDiagramApp(path).content == app.content


def test_driver_diagram_mistake_leaves_the_diagram_unchanged(tmp_path: Path) -> None:
    start = DriverDiagram("Cut falls", primary_drivers=[PrimaryDriver("Risk assessment")])
    app = DriverDiagramApp(tmp_path / "dd.json", start)
    with pytest.raises(InputError, match=r"primary_drivers\[1\]\.text' is empty"):
        app.add("primary", "   ")
    assert app.content == start
    assert "Not yet:" in app.message.value
    app.level.value = "change_idea"  # no secondary driver to hang it on
    assert app.parent.options == ()
    app.add_button.click()
    assert "add the level above it first" in app.message.value


def test_driver_diagram_load_reports_a_missing_file(tmp_path: Path) -> None:
    app = DriverDiagramApp(tmp_path / "missing.json", DriverDiagram("Aim"))
    app.load_button.click()
    assert "not found" in app.message.value


def test_fishbone_adds_causes_with_whys_and_saves(tmp_path: Path) -> None:
    path = tmp_path / "fishbone.json"
    app = FishboneApp(path)
    names = ("People", "Methods", "Equipment", "Environment", "Materials", "Measurement")
    assert app.category.options == tuple(zip(names, names, strict=True))
    app.effect.value = "Delayed antibiotics in sepsis"
    app.effect_button.click()
    app.category.value = "Methods"
    app.cause.value = "No sepsis screening at triage"
    app.whys.value = "Tool not in the triage form; form owned by another team"
    app.add_button.click()
    text = alt_text(app.output)
    assert text.startswith(
        "Figure: Effect: Delayed antibiotics in sepsis\n- People (no causes yet)"
    )
    assert (
        "- Methods\n  - No sepsis screening at triage\n    - Why? Tool not in the triage form"
        in text
    )
    assert "      - Why? form owned by another team" in text
    app.save()
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["schema"] == "fishbone"
    assert load_fishbone(path) == app.content
    assert FishboneApp(path).content == app.content


def test_measurement_plan_measures_gaps_and_export(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    app = MeasurementPlanApp(path)
    app.set_aim("Cut falls on ward 7 by 50% by March")
    assert "still missing: Outcome, Process, Balancing" in app.gaps.value
    app.add(
        name="Falls rate",
        measure_type="outcome",
        numerator="Falls",
        denominator="Occupied bed days / 1,000",
        data_source="Incident reports",
        frequency="Monthly",
        owner="Ward manager",
        chart_type="u",
    )
    assert "still missing: Process, Balancing" in app.gaps.value
    with pytest.raises(InputError, match="denominator' is empty but a p chart needs one"):
        app.add(
            name="Checklist use",
            measure_type="process",
            numerator="Patients with checklist",
            data_source="Audit",
            frequency="Weekly",
            owner="Nurse",
            chart_type="p",
        )
    assert len(app.content.measures) == 1
    app.fields["denominator"].value = "Patients admitted"
    app.add_button.click()
    app.add(
        name="Restraint use",
        measure_type="balancing",
        numerator="Patients restrained",
        data_source="Audit",
        frequency="Monthly",
        owner="Nurse",
        chart_type="c",
    )
    assert "outcome, process and balancing" in app.gaps.value
    assert "| Checklist use | process |" in alt_text(app.output)
    app.save()
    assert load_plan(path) == app.content
    app.export_button.click()
    assert (
        app.message.value
        == '<div role="status" aria-live="polite"><p>Exported to plan.csv</p></div>'
    )
    header = (tmp_path / "plan.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("Measure,Type,Numerator,Denominator")


@pytest.mark.parametrize("factory", [DriverDiagramApp, FishboneApp, MeasurementPlanApp])
def test_every_control_is_labelled_and_welsh_builds(tmp_path: Path, factory) -> None:
    app = factory(tmp_path / "x.json")
    for control in controls(app.widget):
        assert control.description.strip(), control
        if isinstance(control, widgets.Button):
            assert control.tooltip.strip(), control.description
    try:
        i18n.set_language("cy")
        assert factory(tmp_path / "x.json").save_button.description == "Cadw"
    finally:
        i18n.set_language("en")


def test_fishbone_categories_are_shown_in_welsh_but_saved_in_english(tmp_path: Path) -> None:
    path = tmp_path / "fishbone.json"
    try:
        i18n.set_language("cy")
        app = FishboneApp(path)
        assert [label for label, _ in app.category.options] == [
            "Pobl",
            "Dulliau",
            "Offer",
            "Amgylchedd",
            "Deunyddiau",
            "Mesur",
        ]
        app.set_effect("Oedi cyn rhoi gwrthfiotigau mewn sepsis")
        app.add(category="Methods", cause="Dim sgrinio sepsis wrth frysbennu")
        app.save()
    finally:
        i18n.set_language("en")
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert [c["name"] for c in saved["categories"]][:2] == ["People", "Methods"]


def test_measurement_plan_chart_choices_follow_the_language(tmp_path: Path) -> None:
    english = MeasurementPlanApp(tmp_path / "plan.json")
    assert ("Individuals (I) chart", "i") in english.chart_type.options
    try:
        i18n.set_language("cy")
        welsh = MeasurementPlanApp(tmp_path / "plan.json")
        assert ("Siart gwerthoedd unigol (I)", "i") in welsh.chart_type.options
    finally:
        i18n.set_language("en")
