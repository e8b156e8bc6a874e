"""Tests for the cause-and-effect (fishbone) builder."""

from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from academy.builders import fishbone as fb
from academy.builders.fishbone import (
    HEALTHCARE_CATEGORIES,
    SIX_MS,
    Category,
    Cause,
    Fishbone,
    fishbone_from_dict,
    fishbone_outline,
    fishbone_to_dict,
    load_fishbone,
    new_fishbone,
    plot_fishbone,
    save_fishbone,
)
from academy.errors import InputError


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def sample() -> Fishbone:
    fish = new_fishbone("Antibiotics later than one hour")
    fish.categories[0].causes.append(
        Cause("Nurses cannot give the first dose", ["No patient group direction", "Never asked"])
    )
    fish.categories[1].causes.append(Cause("Screening done late"))
    fish.categories[2].causes.append(Cause("Cannulas missing"))
    return fish


def test_default_categories():
    assert HEALTHCARE_CATEGORIES == (
        "People",
        "Methods",
        "Equipment",
        "Environment",
        "Materials",
        "Measurement",
    )
    assert SIX_MS == (
        "Manpower",
        "Machines",
        "Methods",
        "Materials",
        "Measurement",
        "Mother nature",
    )
    fish = new_fishbone("Falls")
    assert [c.name for c in fish.categories] == list(HEALTHCARE_CATEGORIES)
    assert all(c.causes == [] for c in fish.categories)
    assert [c.name for c in new_fishbone("Falls", SIX_MS).categories] == list(SIX_MS)


def test_to_dict_and_round_trip(tmp_path):
    data = fishbone_to_dict(sample())
    assert data["effect"] == "Antibiotics later than one hour"
    assert data["categories"][0] == {
        "name": "People",
        "causes": [
            {
                "text": "Nurses cannot give the first dose",
                "whys": ["No patient group direction", "Never asked"],
            }
        ],
    }
    assert data["categories"][3] == {"name": "Environment", "causes": []}
    path = save_fishbone(sample(), tmp_path / "fish.json")
    assert json.loads(path.read_text(encoding="utf-8"))["schema"] == "fishbone"
    assert load_fishbone(path) == sample()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"effect": "", "categories": [{"name": "People"}]}, "field 'effect' is empty"),
        ({"effect": "E", "categories": []}, "field 'categories' is empty; add at least one"),
        (
            {"effect": "E", "categories": [{"name": "People"}, {"name": " people "}]},
            "field 'categories[1].name' repeats 'people' (also categories[0])",
        ),
        (
            {
                "effect": "E",
                "categories": [{"name": "A", "causes": [{"text": "c", "whys": ["w", ""]}]}],
            },
            "field 'categories[0].causes[0].whys[1]' is empty",
        ),
        (
            {"effect": "E", "categories": [{"name": "A", "causes": [{"why": ["w"], "text": "c"}]}]},
            "field 'categories[0].causes[0].why' is not known",
        ),
        ({"effect": "E"}, "field 'categories' is missing"),
    ],
)
def test_validation_names_the_field_path(data, message):
    with pytest.raises(InputError) as caught:
        fishbone_from_dict(data)
    assert message in str(caught.value)


def test_outline_shows_whys_as_a_chain():
    assert fishbone_outline(sample()) == (
        "Effect: Antibiotics later than one hour\n"
        "- People\n"
        "  - Nurses cannot give the first dose\n"
        "    - Why? No patient group direction\n"
        "      - Why? Never asked\n"
        "- Methods\n"
        "  - Screening done late\n"
        "- Equipment\n"
        "  - Cannulas missing\n"
        "- Environment (no causes yet)\n"
        "- Materials (no causes yet)\n"
        "- Measurement (no causes yet)"
    )


def texts(ax):
    return {t.get_text(): t for t in ax.texts}


def test_figure_labels_every_category_and_the_effect():
    ax = plot_fishbone(sample(), title="Why late?")
    found = texts(ax)
    assert set(HEALTHCARE_CATEGORIES) <= set(found)
    assert "Why late?" in found
    assert "Antibiotics later than\none hour" in found  # wrapped at 24 characters
    assert "Screening done late" in found
    assert not ax.axison


def test_categories_alternate_above_and_below_the_spine():
    ax = plot_fishbone(sample())
    found = texts(ax)
    spine_y = found["Antibiotics later than\none hour"].get_position()[1]
    above = [found[name].get_position()[1] < spine_y for name in HEALTHCARE_CATEGORIES]
    assert above == [True, False, True, False, True, False]  # y axis points down


def test_whys_are_marked_in_words_and_italic():
    ax = plot_fishbone(sample())
    italic = [t.get_text() for t in ax.texts if t.get_style() == "italic"]
    # "why? No patient group direction" wraps at 26 characters; the rest is indented.
    assert italic == ["  why? No patient group", "    direction", "  why? Never asked"]
    causes = [t for t in ax.texts if t.get_text() == "Screening done late"]
    assert causes[0].get_style() == "normal"


def test_bone_count_and_cause_ticks():
    fish = Fishbone("E", [Category("A", [Cause("one"), Cause("two", ["w"])]), Category("B")])
    ax = plot_fishbone(fish)
    # 2 bones + one tick per cause (2) + one per why (1); the spine is an annotation arrow.
    assert len(ax.lines) == 2 + 2 + 1


def test_text_lines_beside_a_bone_are_one_line_apart():
    fish = Fishbone("E", [Category("A", [Cause("one"), Cause("two")])])
    ax = plot_fishbone(fish)
    one, two = (texts(ax)[name].get_position()[1] for name in ("one", "two"))
    assert two - one == pytest.approx(fb.LINE)


def test_plot_validates_first():
    with pytest.raises(InputError, match="field 'categories' is empty"):
        plot_fishbone(Fishbone("E", []))
