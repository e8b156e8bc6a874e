"""The PDSA form and the builder forms in Welsh: their messages and drawings follow the language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from academy import i18n
from academy.errors import InputError
from academy.widgets.builders import DriverDiagramApp, FishboneApp, MeasurementPlanApp
from academy.widgets.pdsa_form import PdsaFormApp

pytestmark = pytest.mark.usefixtures("in_welsh")


def alt_text(app) -> str:
    (item,) = app.output.outputs
    return item["data"].get("text/plain", "")


def test_pdsa_form_messages_are_in_welsh(tmp_path: Path) -> None:
    app = PdsaFormApp(tmp_path / "log.json")
    with pytest.raises(InputError) as unknown:
        app.fill(colour="glas")
    assert "maes ffurflen anhysbys 'colour'" in str(unknown.value)
    assert "unknown form field" not in str(unknown.value)
    with pytest.raises(InputError) as no_cycle:
        app.edit("Rhestr wirio", "Ramp 1", 4)
    assert "nid oes cylch 4" in str(no_cycle.value) and "gwiriwch y log" in str(no_cycle.value)
    app.fill(change_idea="   ", objective="Prawf")
    with pytest.raises(InputError):
        app.save()
    assert "Heb ei gadw:" in app.message.value and "mae angen teitl" in app.message.value
    assert "needs a title" not in app.message.value
    assert not (tmp_path / "log.json").exists()


def test_pdsa_form_saved_in_welsh_opens_in_english(tmp_path: Path) -> None:
    path = tmp_path / "log.json"
    app = PdsaFormApp(path)
    app.fill(change_idea="Rhestr wirio", objective="Prawf", scale="1 claf", decision="adopt")
    app.save()
    assert json.loads(path.read_text(encoding="utf-8"))["change_ideas"][0]["ramps"][0]["title"] == (
        "Ramp 1"  # the default ramp title is the same in both languages
    )
    i18n.set_language("en")
    english = PdsaFormApp(path)
    (cycle,) = [c for _, _, c in english.log.cycles()]
    assert (cycle.objective, cycle.scale, cycle.act.decision) == ("Prawf", "1 claf", "adopt")
    assert list(english.table()["Decision"]) == ["adopt"]


def test_builder_messages_and_alt_text_are_in_welsh(tmp_path: Path) -> None:
    dd = DriverDiagramApp(tmp_path / "dd.json")
    assert "yn wag" in dd.output.outputs[0]["data"]["text/html"]  # nothing to draw yet: why
    dd.set_aim("Lleihau cwympiadau", ["Cwympiadau"])
    assert "Nod: Lleihau cwympiadau (mesurau: Cwympiadau)" in alt_text(dd)
    assert "Aim:" not in alt_text(dd) and "measures:" not in alt_text(dd)
    plan = MeasurementPlanApp(tmp_path / "plan.json")
    with pytest.raises(InputError) as unknown:
        plan.add(colour="glas")
    assert "maes mesur anhysbys 'colour'" in str(unknown.value)
    assert "unknown measure field" not in str(unknown.value)
    fish = FishboneApp(tmp_path / "fish.json")
    fish.set_effect("Oedi")
    assert "Effaith: Oedi" in alt_text(fish) and "- Pobl (dim achosion eto)" in alt_text(fish)
    assert "Effect:" not in alt_text(fish) and "People" not in alt_text(fish)
