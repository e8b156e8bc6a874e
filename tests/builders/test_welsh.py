"""The builders in Welsh: messages, outlines and figures follow the language; files stay English.

Each test switches to Welsh, checks a Welsh fragment written here (not copied
from the strings table) and that the English fragment it replaces is gone. The
English output itself is checked, unchanged, by the other builder tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from academy import i18n
from academy.builders import (
    SIX_MS,
    Cause,
    ChangeIdea,
    DriverDiagram,
    Measure,
    MeasurementPlan,
    PrimaryDriver,
    SecondaryDriver,
    data_dictionary_markdown,
    driver_diagram_from_dict,
    driver_diagram_outline,
    export_data_dictionary,
    fishbone_from_dict,
    fishbone_outline,
    load_driver_diagram,
    load_fishbone,
    load_plan,
    new_fishbone,
    plan_from_dict,
    plot_driver_diagram,
    plot_fishbone,
    plot_measurement_plan,
    save_driver_diagram,
    save_fishbone,
    save_plan,
)
from academy.builders.storage import load_document
from academy.errors import InputError

pytestmark = pytest.mark.usefixtures("in_welsh")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def texts(ax) -> str:
    return "\n".join(t.get_text() for t in ax.texts)


def diagram() -> DriverDiagram:
    return DriverDiagram(
        "Lleihau cwympiadau ar ward 7 50% erbyn mis Mawrth",
        ["Cwympiadau fesul 1,000 diwrnod gwely"],
        [
            PrimaryDriver(
                "Asesu risg yn ddibynadwy",
                [],
                [
                    SecondaryDriver(
                        "Asesu wrth dderbyn", [], [ChangeIdea("Rhestr wirio", ["% llawn"])]
                    )
                ],
            )
        ],
    )


def plan() -> MeasurementPlan:
    return MeasurementPlan(
        "Llai o gwympiadau",
        [
            Measure(
                "Cwympiadau",
                "outcome",
                "cwympiadau",
                "Datix",
                "Wythnosol",
                "Rheolwr y ward",
                "u",
                denominator="diwrnodau gwely",
                exclusions="dim",
            )
        ],
    )


# --------------------------------------------------------------------------- messages


def test_field_messages_are_in_welsh() -> None:
    with pytest.raises(InputError) as empty:
        driver_diagram_from_dict({"aim": "  "})
    assert "yn wag" in str(empty.value) and "'aim'" in str(empty.value)
    assert "is empty" not in str(empty.value)
    with pytest.raises(InputError) as not_object:
        driver_diagram_from_dict([])  # type: ignore[arg-type]
    assert "diagram sbarduno" in str(not_object.value)
    assert "driver diagram" not in str(not_object.value)


def test_fishbone_messages_are_in_welsh() -> None:
    with pytest.raises(InputError) as no_categories:
        fishbone_from_dict({"effect": "Cwympiadau", "categories": []})
    assert "o leiaf un categori" in str(no_categories.value)
    assert "at least one" not in str(no_categories.value)
    with pytest.raises(InputError) as repeated:
        fishbone_from_dict({"effect": "Cwympiadau", "categories": [{"name": "A"}, {"name": "a"}]})
    assert "rhowch ei enw ei hun i bob categori" in str(repeated.value)
    assert "categories[1].name" in str(repeated.value)  # the path stays as it is in the file


def test_measurement_plan_messages_are_in_welsh(tmp_path: Path) -> None:
    with pytest.raises(InputError) as suffix:
        export_data_dictionary(plan(), tmp_path / "d.xlsx")
    assert "gorffennwch enw'r ffeil" in str(suffix.value) and "'d.xlsx'" in str(suffix.value)
    assert "end the file name" not in str(suffix.value)
    bad = {"aim": "x", "measures": [{**vars(plan().measures[0]), "denominator": ""}]}
    with pytest.raises(InputError) as denominator:
        plan_from_dict(bad)
    assert "siart u" in str(denominator.value) and "enwadur" in str(denominator.value)
    assert "needs one" not in str(denominator.value)


def test_file_messages_are_in_welsh(tmp_path: Path) -> None:
    with pytest.raises(InputError) as missing:
        load_document(tmp_path / "nid-yma.json", "fishbone")
    assert "ni chafwyd hyd i'r ffeil" in str(missing.value)
    assert "not found" not in str(missing.value)
    other = tmp_path / "fishbone.json"
    save_fishbone(new_fishbone("Cwympiadau"), other)
    with pytest.raises(InputError) as wrong:
        load_plan(other)
    # the schema names are code, kept as they are; the fix is a whole Welsh clause
    assert "nid yw" in str(wrong.value) and "measurement_plan" in str(wrong.value)
    assert "dewiswch un arall" in str(wrong.value)
    assert "open it with" not in str(wrong.value)


# --------------------------------------------------------------------------- what is shown


def test_driver_diagram_outline_and_figure_in_welsh() -> None:
    outline = driver_diagram_outline(diagram())
    assert outline.startswith("Nod: Lleihau")
    assert "- Sbardun sylfaenol: Asesu risg" in outline
    assert "    - Syniad am newid: Rhestr wirio (mesurau: % llawn)" in outline
    assert "Primary driver" not in outline and "measures:" not in outline
    shown = texts(plot_driver_diagram(diagram()))
    assert "Sbardunau eilaidd" in shown and "Mesur: % llawn" in shown
    assert "Secondary drivers" not in shown and "Measure:" not in shown


def test_fishbone_outline_and_figure_show_welsh_categories() -> None:
    fish = new_fishbone("Oedi cyn rhoi gwrthfiotigau")
    fish.categories[0].causes.append(Cause("Neb yn gyfrifol", ["Rôl yn aneglur"]))
    outline = fishbone_outline(fish)
    assert outline.startswith("Effaith: Oedi")
    assert "- Pobl\n" in outline and "- Pam? Rôl yn aneglur" in outline
    assert "- Offer (dim achosion eto)" in outline
    assert "People" not in outline and "Why?" not in outline and "no causes" not in outline
    shown = texts(plot_fishbone(fish))
    assert "Amgylchedd" in shown and "pam? Rôl yn aneglur" in shown
    assert "Environment" not in shown and "why?" not in shown


def test_the_six_ms_are_shown_in_welsh() -> None:
    fish = new_fishbone("Cwympiadau", SIX_MS)
    outline = fishbone_outline(fish)
    assert "- Gweithlu (dim achosion eto)" in outline
    assert "- Byd natur (dim achosion eto)" in outline
    assert "Manpower" not in outline and "Mother nature" not in outline
    shown = texts(plot_fishbone(fish))
    assert "Peiriannau" in shown and "Machines" not in shown


def test_measurement_plan_figure_and_markdown_in_welsh() -> None:
    shown = texts(plot_measurement_plan(plan()))
    assert "Cynllun mesur: Llai o gwympiadau" in shown
    assert "Diffiniad gweithredol" in shown and "Rhifiadur: cwympiadau" in shown
    assert "Yn hepgor: dim" in shown and "Canlyniad" in shown
    assert "Operational definition" not in shown and "Numerator" not in shown
    assert "Outcome" not in shown
    assert "Dim mesurau eto." in texts(plot_measurement_plan(MeasurementPlan("Nod")))
    markdown = data_dictionary_markdown(plan())
    assert markdown.startswith("**Nod:** Llai o gwympiadau")
    assert "| Ffynhonnell y data |" in markdown and "| canlyniad |" in markdown
    assert "Data source" not in markdown and "outcome" not in markdown
    assert "| Siart |" in markdown and "| Siart cyfradd (U) |" in markdown
    assert "Chart" not in markdown and "Rate" not in markdown


def test_the_csv_data_dictionary_stays_english_in_welsh(tmp_path: Path) -> None:
    # a data file: English column names and values whatever the language
    path = export_data_dictionary(plan(), tmp_path / "dictionary.csv")
    header, row = path.read_text(encoding="utf-8").splitlines()
    assert header.startswith("Measure,Type,Numerator,Denominator")
    assert ",outcome," in row and "Rate (U) chart" in row


# --------------------------------------------------------------------------- files


def test_items_saved_in_welsh_load_in_english_with_the_same_data(tmp_path: Path) -> None:
    fish = new_fishbone("Cwympiadau", SIX_MS)
    fish.categories[1].causes.append(Cause("Gwely heb larwm", ["Dim cyllideb"]))
    paths = {
        "dd": save_driver_diagram(diagram(), tmp_path / "dd.json"),
        "fish": save_fishbone(fish, tmp_path / "fish.json"),
        "plan": save_plan(plan(), tmp_path / "plan.json"),
    }
    saved = json.loads(paths["fish"].read_text(encoding="utf-8"))
    assert [c["name"] for c in saved["categories"]] == list(SIX_MS)  # English names, not Welsh
    assert json.loads(paths["plan"].read_text(encoding="utf-8"))["measures"][0]["measure_type"] == (
        "outcome"
    )
    i18n.set_language("en")
    assert load_driver_diagram(paths["dd"]) == diagram()
    assert load_fishbone(paths["fish"]) == fish
    assert load_plan(paths["plan"]) == plan()
    assert "- Machines\n  - Gwely heb larwm" in fishbone_outline(load_fishbone(paths["fish"]))
