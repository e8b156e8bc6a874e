"""SPC explorer widget: loading, options, advice, errors, export, labels and Welsh."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import ipywidgets as widgets
import numpy as np
import pandas as pd
import pytest

from academy import i18n
from academy.errors import InputError
from academy.widgets.spc_explorer import (
    SpcExplorerApp,
    parse_notes,
    parse_positions,
    read_pasted,
    read_upload,
)

# XmR worked example (reference notes, measurement-rules.md): mean 14.6; moving ranges
# screened at 3.267 * AMR leave AMR = 2.0, so limits 14.6 -/+ 3 * 2.0 / 1.128.
XMR = [12, 15, 11, 14, 13, 16, 12, 40, 13, 14, 15, 12, 11, 13, 14, 12, 13, 15, 14, 13]


@pytest.fixture
def app() -> SpcExplorerApp:
    return SpcExplorerApp(data=pd.DataFrame({"day": range(1, 21), "minutes": XMR}))


def all_widgets(root: widgets.Widget) -> list[widgets.Widget]:
    found = [root]
    for child in getattr(root, "children", ()):
        found += all_widgets(child)
    return found


def test_default_build_draws_a_real_chart() -> None:
    app = SpcExplorerApp()
    assert app.result is not None and app.result.chart == "p"
    assert app.message.value == ""
    assert len(app.chart_out.outputs) == 1
    html = app.chart_out.outputs[0]["data"]["text/html"]
    assert 'alt="' in html and "P) chart" in html
    assert "Phase 1" in app.explanation.value


def test_every_control_is_labelled() -> None:
    app = SpcExplorerApp()
    for w in all_widgets(app.widget):
        if isinstance(w, widgets.Button):
            assert w.description and w.tooltip, w
        elif isinstance(w, widgets.ValueWidget | widgets.FileUpload) and not isinstance(
            w, widgets.HTML | widgets.Label
        ):
            assert w.description, w


def test_i_chart_limits_match_the_worked_example(app: SpcExplorerApp) -> None:
    result = app.set_options(x="day", y="minutes", chart="i")
    assert result is not None
    expected_ucl = 14.6 + 3 * 2.0 / 1.128
    expected_lcl = 14.6 - 3 * 2.0 / 1.128
    assert result.points["ucl"].iloc[0] == pytest.approx(expected_ucl)
    assert result.points["lcl"].iloc[0] == pytest.approx(expected_lcl)
    assert result.points["sigma_signal"].tolist()[7] is True  # the 40


def test_phases_freeze_exclude_and_notes(app: SpcExplorerApp) -> None:
    result = app.set_options(chart="i", phases="10", rules=("anhoej", "ihi"))
    assert result.summary["part"].tolist() == [1, 2]
    result = app.set_options(phases="", exclude="8", notes="5: new rota; 12: audit")
    assert not result.points["include"].iloc[7]
    # without the 40 (position 8): mean of the other 19 values
    assert result.points["cl"].iloc[0] == pytest.approx((sum(XMR) - 40) / 19)
    assert result.points["notes"].iloc[4] == "new rota"
    result = app.set_options(exclude="", notes="", freeze="10")
    assert result.points["baseline"].tolist() == [True] * 10 + [False] * 10
    assert "ihi_shift" in result.points.columns


def test_changing_a_control_redraws(app: SpcExplorerApp) -> None:
    before = app.result
    app.chart.value = "i"
    assert app.result is not before and app.result.chart == "i"


def test_errors_are_one_friendly_line(app: SpcExplorerApp) -> None:
    good = app.result
    assert app.set_options(chart="p") is None  # p needs n
    assert app.message.value.startswith('<div role="alert"><p>Please check:')
    assert "\n" not in app.message.value and "Traceback" not in app.message.value
    assert app.result is good  # the last good chart stays
    app.set_options(chart="i", exclude="99")
    assert "out of range" in app.message.value
    app.set_options(exclude="", notes="no colon here")
    assert "position: text" in app.message.value
    assert app.set_options(notes="") is not None
    assert app.message.value == ""
    with pytest.raises(InputError, match="no column"):
        app.set_options(y="nope")


def test_loading_a_file_a_paste_and_an_upload(tmp_path: Path, app: SpcExplorerApp) -> None:
    path = tmp_path / "waits.csv"
    path.write_text("week;waits\n1;30\n2;32\n3;29\n4;35\n5;31\n", encoding="utf-8")
    app.path.value = str(path)
    app.load_button.click()
    assert app.y.value == "waits" and app.result.points["y"].tolist() == [30, 32, 29, 35, 31]

    app.load_path(tmp_path / "missing.csv")
    assert "does not exist" in app.message.value

    app.paste.value = "5\n7\n6\n9\n8\n7"
    app.paste_button.click()
    assert list(app.frame.columns) == ["value"]
    assert app.result.points["y"].tolist() == [5, 7, 6, 9, 8, 7]

    assert app.load_text("   ") == []
    assert "nothing was pasted" in app.message.value

    content = b"month,falls,bed_days\n2024-01-01,4,700\n2024-02-01,6,690\n2024-03-01,3,710\n"
    app.upload.value = (
        {
            "name": "falls.csv",
            "type": "text/csv",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": datetime(2024, 4, 1, tzinfo=UTC),
        },
    )
    assert app.x.value == "month" and app.y.value == "falls"
    result = app.set_options(n="bed_days", chart="u", multiply=1000)
    assert result.points["y"].iloc[0] == pytest.approx(4 / 700 * 1000)


def test_pasted_table_from_excel() -> None:
    frame = read_pasted("week\tcount\n1\t5\n2\t7\n3\t4")
    assert list(frame.columns) == ["week", "count"] and frame["count"].tolist() == [5, 7, 4]


def test_text_parsers() -> None:
    assert parse_positions("12, 24") == [12, 24]
    assert parse_positions("2024-01-01") == ["2024-01-01"]
    assert parse_positions("") == []
    assert parse_notes("3: start; 9: audit\n12: new lead") == {
        3: "start",
        9: "audit",
        12: "new lead",
    }
    with pytest.raises(InputError, match="position: text"):
        parse_notes("3 start")


def test_advisor_suggests_and_applies(app: SpcExplorerApp) -> None:
    assert "P chart" in app.advice.value  # classification, the first question's default
    assert app.set_answers(data_type="measurement") == "i"
    assert app.answers["rare_events"].layout.display == "none"
    assert app.answers["subgroup_size"].layout.display is None
    assert "Provost" in app.advice.value
    app.set_options(chart="run")
    assert app.apply_advice().chart == "i"
    assert app.set_answers(data_type="count", equal_opportunity="yes") == "c"
    assert app.answers["event_measure"].layout.display == "none"
    app.set_answers(rare_events="yes")
    assert app.answers["event_measure"].layout.display is None
    assert app.set_answers(many_units_to_compare="yes") == "funnel"
    assert app.use_advice.disabled


def test_export_png_and_points(tmp_path: Path, app: SpcExplorerApp) -> None:
    app.set_options(chart="i", folder=str(tmp_path))
    app.png_button.click()
    app.csv_button.click()
    png, csv = tmp_path / "spc-chart.png", tmp_path / "spc-points.csv"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    table = pd.read_csv(csv, encoding="utf-8-sig")
    assert len(table) == 20 and table["y"].tolist() == XMR
    assert str(csv.resolve()) in app.export_status.value
    assert app.export_png(tmp_path / "other.png") == tmp_path / "other.png"
    assert app.export_points(tmp_path / "no" / "such.csv") is None
    assert "does not exist" in app.message.value
    assert app.export_png(tmp_path / "chart.jpg") is None
    assert ".png or .svg" in app.message.value


def test_builds_in_welsh() -> None:
    try:
        i18n.set_language("cy")
        app = SpcExplorerApp(data=pd.DataFrame({"y": np.arange(12.0)}))
        assert app.png_button.description == "Allforio siart (PNG)"
        assert app.chart.description == "Math o siart"
        assert app.x.options[0] == ("(dim)", "(none)")  # the value stays the same
        assert app.answers["rare_events"].tooltip.startswith("Ydy'r digwyddiadau'n brin")
        assert "Mae pob achos yn cael ei ddosbarthu" in app.advice.value
        assert "Ffynhonnell: Provost LP" in app.advice.value
        assert app.load_path("") == []
        assert "teipiwch lwybr ffeil CSV neu Excel yn gyntaf" in app.message.value
        default = SpcExplorerApp()
        assert default.title.value == "Gwrthfiotigau o fewn 1 awr i amheuaeth o sepsis"
        assert default.set_options(chart="i") is not None
        assert "Siart gwerthoedd unigol (I)" in default.announcement.value
    finally:
        i18n.set_language("en")


def test_english_defaults_and_labels_are_unchanged() -> None:
    app = SpcExplorerApp()
    assert app.title.value == "Antibiotics within 1 hour of suspected sepsis"
    assert app.ylab.value == "% of patients"
    assert app.x.options[0] == ("(none)", "(none)")
    assert app.set_options(chart="i", n=None) is not None
    assert "Individuals (I) chart" in app.announcement.value


@pytest.mark.parametrize(
    "name", ["ward falls.csv", "C:\\Users\\me\\ward falls.csv", "../ward falls.csv"]
)
def test_an_upload_error_names_the_learners_own_file(name: str) -> None:
    with pytest.raises(InputError, match=r"^ward falls\.csv is empty"):
        read_upload(name, b"")


@pytest.mark.parametrize("name", ["", "..", "notes"])
def test_an_upload_without_a_usable_name_is_read_as_csv(name: str) -> None:
    frame = read_upload(name, b"week,falls\n2024-01-01,3\n")
    assert frame["falls"].tolist() == [3]


def test_a_y_beside_a_blank_n_is_refused_as_the_command_refuses_it() -> None:
    # row 3 has 9 audited patients on time but no count of patients audited: the 9 would be
    # dropped from the p chart without a word, so the explorer says so (as `academy chart` does)
    data = pd.DataFrame(
        {"week": [1, 2, 3, 4, 5], "on_time": [8, 7, 9, 6, 8], "audited": [10, 10, None, 9, 10]}
    )
    app = SpcExplorerApp(data=data)
    assert app.set_options(x="week", y="on_time", n="audited", chart="p") is None
    assert "row 3" in app.message.value and "audited" in app.message.value
    assert "blank" in app.message.value
    data.loc[2, "audited"] = 12
    app.load_frame(data)
    assert app.set_options(x="week", y="on_time", n="audited", chart="p") is not None
    assert app.message.value == ""


def test_a_blank_export_folder_is_the_notebooks_folder(
    tmp_path: Path, app: SpcExplorerApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the box starts blank: a full path would be published on the website with the widget
    assert app.folder.value == "" and app.folder.placeholder == "this notebook's folder"
    monkeypatch.chdir(tmp_path)  # a notebook's kernel runs in the notebook's folder
    app.png_button.click()
    assert (tmp_path / "spc-chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert str((tmp_path / "spc-chart.png").resolve()) in app.export_status.value
