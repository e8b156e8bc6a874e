"""Tests for the driver diagram builder: validation, JSON round trip, outline and figure."""

from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch

from academy.builders import driver_diagram as dd
from academy.builders.driver_diagram import (
    ChangeIdea,
    DriverDiagram,
    PrimaryDriver,
    SecondaryDriver,
    driver_diagram_from_dict,
    driver_diagram_outline,
    driver_diagram_to_dict,
    load_driver_diagram,
    plot_driver_diagram,
    save_driver_diagram,
)
from academy.errors import InputError


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def sample() -> DriverDiagram:
    return DriverDiagram(
        "Cut falls with harm on ward 7 by 50% by March",
        ["Falls with harm per 1,000 bed days"],
        [
            PrimaryDriver(
                "Reliable falls risk assessment",
                ["% assessed within 6 hours"],
                [
                    SecondaryDriver(
                        "Assessment on admission",
                        [],
                        [
                            ChangeIdea("Admission checklist", ["% checklists complete"]),
                            ChangeIdea("Prompt in the e-record"),
                        ],
                    ),
                    SecondaryDriver("Lying and standing blood pressure"),
                ],
            ),
            PrimaryDriver("Safe environment"),
        ],
    )


SAMPLE_DICT = {
    "aim": "Cut falls with harm on ward 7 by 50% by March",
    "measures": ["Falls with harm per 1,000 bed days"],
    "primary_drivers": [
        {
            "text": "Reliable falls risk assessment",
            "measures": ["% assessed within 6 hours"],
            "secondary_drivers": [
                {
                    "text": "Assessment on admission",
                    "measures": [],
                    "change_ideas": [
                        {"text": "Admission checklist", "measures": ["% checklists complete"]},
                        {"text": "Prompt in the e-record", "measures": []},
                    ],
                },
                {"text": "Lying and standing blood pressure", "measures": [], "change_ideas": []},
            ],
        },
        {"text": "Safe environment", "measures": [], "secondary_drivers": []},
    ],
}


def test_to_dict_is_plain_nested_data():
    assert driver_diagram_to_dict(sample()) == SAMPLE_DICT


def test_from_dict_accepts_omitted_optional_lists_and_strips_text():
    diagram = driver_diagram_from_dict(
        {"aim": "  Aim  ", "primary_drivers": [{"text": " Driver "}]}
    )
    assert diagram == DriverDiagram("Aim", [], [PrimaryDriver("Driver")])


def test_save_and_load_round_trip(tmp_path):
    path = save_driver_diagram(sample(), tmp_path / "dd.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["schema"] == "driver_diagram"
    assert document["schema_version"] == 1
    assert load_driver_diagram(path) == sample()


def test_save_refuses_an_invalid_diagram_and_writes_nothing(tmp_path):
    bad = sample()
    bad.primary_drivers[0].secondary_drivers[0].change_ideas[1].text = "  "
    with pytest.raises(InputError) as caught:
        save_driver_diagram(bad, tmp_path / "dd.json")
    assert str(caught.value) == (
        "field 'primary_drivers[0].secondary_drivers[0].change_ideas[1].text' is empty; "
        "write a few words"
    )
    assert not (tmp_path / "dd.json").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(aim=""), "field 'aim' is empty"),
        (lambda d: d.pop("aim"), "field 'aim' is missing"),
        (lambda d: d.update(aims="x"), "field 'aims' is not known"),
        (lambda d: d.update(measures="x"), "field 'measures' must be a list, not str"),
        (
            lambda d: d["primary_drivers"][1].update(text=5),
            "field 'primary_drivers[1].text' must be text, not int",
        ),
        (
            lambda d: d["primary_drivers"][0]["secondary_drivers"][1].update(measures=[""]),
            "field 'primary_drivers[0].secondary_drivers[1].measures[0]' is empty",
        ),
        (
            lambda d: d["primary_drivers"][0]["secondary_drivers"][0]["change_ideas"][0].update(
                change_ideas=[]
            ),
            "field 'primary_drivers[0].secondary_drivers[0].change_ideas[0].change_ideas' "
            "is not known",
        ),
        (
            lambda d: d["primary_drivers"].append("Staffing"),
            "field 'primary_drivers[2]' must be an object",
        ),
    ],
)
def test_validation_names_the_field_path(change, message):
    data = json.loads(json.dumps(SAMPLE_DICT))
    change(data)
    with pytest.raises(InputError) as caught:
        driver_diagram_from_dict(data)
    assert message in str(caught.value)


def test_outline():
    assert driver_diagram_outline(sample()) == (
        "Aim: Cut falls with harm on ward 7 by 50% by March "
        "(measures: Falls with harm per 1,000 bed days)\n"
        "- Primary driver: Reliable falls risk assessment (measures: % assessed within 6 hours)\n"
        "  - Secondary driver: Assessment on admission\n"
        "    - Change idea: Admission checklist (measures: % checklists complete)\n"
        "    - Change idea: Prompt in the e-record\n"
        "  - Secondary driver: Lying and standing blood pressure\n"
        "- Primary driver: Safe environment"
    )


def boxes(ax):
    return [p for p in ax.patches if isinstance(p, FancyBboxPatch)]


def test_figure_has_one_box_per_node_and_one_connector_per_link():
    ax = plot_driver_diagram(sample(), title="Falls")
    # 1 aim + 2 primary + 2 secondary + 2 change ideas
    assert len(boxes(ax)) == 7
    # links: aim-2 primaries, primary-2 secondaries, secondary-2 ideas
    assert len([line for line in ax.lines if isinstance(line, Line2D)]) == 6
    texts = {t.get_text() for t in ax.texts}
    assert {"Aim", "Primary drivers", "Secondary drivers", "Change ideas", "Falls"} <= texts
    assert "Measure: % checklists complete" in texts
    assert not ax.axison


def test_columns_differ_in_line_style_not_only_colour():
    ax = plot_driver_diagram(sample())
    by_column = {}
    for patch in boxes(ax):
        by_column.setdefault(round(patch.get_x(), 6), set()).add(
            (patch.get_linewidth(), patch.get_linestyle())
        )
    styles = [next(iter(s)) for _, s in sorted(by_column.items())]
    assert len(styles) == 4
    assert len(set(styles)) == 4  # every column has its own width or dash pattern


def test_connectors_join_the_right_edge_of_a_parent_to_the_left_edge_of_its_child():
    ax = plot_driver_diagram(sample())
    lefts = {round(p.get_x(), 6) for p in boxes(ax)}
    rights = {round(p.get_x() + p.get_width(), 6) for p in boxes(ax)}
    for line in ax.lines:
        x = line.get_xdata()
        assert round(x[0], 6) in rights
        assert round(x[-1], 6) in lefts


def test_parent_is_centred_on_equal_children_and_boxes_do_not_overlap():
    diagram = DriverDiagram(
        "Aim",
        primary_drivers=[
            PrimaryDriver("P", secondary_drivers=[SecondaryDriver("S1"), SecondaryDriver("S2")])
        ],
    )
    ax = plot_driver_diagram(diagram)
    by_x = {}
    for patch in boxes(ax):
        by_x.setdefault(round(patch.get_x(), 6), []).append(patch)
    aim, primary, secondaries = (by_x[x] for x in sorted(by_x))
    s1, s2 = sorted(secondaries, key=lambda p: p.get_y())
    one_line = dd.LINE + 2 * dd.PAD
    assert s1.get_height() == pytest.approx(one_line)
    # Children stacked with one row gap; parents centred on the pair.
    assert s2.get_y() - s1.get_y() == pytest.approx(one_line + dd.ROW_GAP)
    centre = (s1.get_y() + s2.get_y() + one_line) / 2
    assert primary[0].get_y() + one_line / 2 == pytest.approx(centre)
    assert aim[0].get_y() + one_line / 2 == pytest.approx(centre)


def test_long_text_is_wrapped_inside_the_box():
    long = "Every patient has a lying and standing blood pressure within six hours of admission"
    ax = plot_driver_diagram(DriverDiagram(long))
    text = next(t.get_text() for t in ax.texts if t.get_text().startswith("Every"))
    assert all(len(line) <= dd.WRAP for line in text.splitlines())
    assert text.replace("\n", " ") == long
    assert boxes(ax)[0].get_height() == pytest.approx(len(text.splitlines()) * dd.LINE + 2 * dd.PAD)


def test_plot_uses_a_given_axes_and_validates():
    _, ax = plt.subplots()
    assert plot_driver_diagram(sample(), ax=ax) is ax
    with pytest.raises(InputError, match="field 'aim' is empty"):
        plot_driver_diagram(DriverDiagram(""))
