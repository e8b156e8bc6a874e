"""The SPC engine's, advisor's, rule trainer's and SPC explorer's error messages in Welsh.

The English messages are checked, word for word where it matters, by the tests
beside each module (test_prepare.py, test_chart.py, test_funnel.py, ...) and by
tests/bad_inputs/cases.csv. Here the same mistakes are made with the language
set to Welsh: the message must carry the Welsh we wrote and none of the English
sentence, while the user's own names and values stay as they were given.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from academy import i18n
from academy.spc import chart, funnel
from academy.spc.advisor import advise, advise_from_answers
from academy.spc.icons import assurance_kind
from academy.spc.limits import compute_limits
from academy.spc.model import Limits
from academy.spc.plot import save_chart
from academy.spc.prepare import prepare, require_denominators
from academy.spc.rules import rule_set
from academy.spc.rules.ihi import evaluate_ihi
from academy.spc.rules.mdc import evaluate as evaluate_mdc
from academy.spc.rules.runs import check_improvement
from academy.trainer import Answer, make_series
from academy.widgets.rule_trainer import RuleTrainerApp
from academy.widgets.spc_explorer import SpcExplorerApp
from tests.errors import error_message

WARDS = pd.DataFrame(
    {
        "week": ["2024-01-01", "2024-01-08", "2024-01-15"],
        "deaths": [1, 2, 3],
        "admissions": [10, 20, 30],
    }
)


pytestmark = pytest.mark.usefixtures("in_welsh")


def _welsh_not_english(message: str, welsh: str, english: str) -> None:
    assert welsh in message, message
    assert english not in message, message


# --------------------------------------------------------------------------- prepare


def test_a_misspelt_column_is_named_in_welsh_with_the_suggestion_kept() -> None:
    message = error_message(lambda: prepare(WARDS, "i", y="death"))
    _welsh_not_english(message, "nid oes colofn 'death' yn y data", "no column")
    # the user's column names are theirs: never translated
    assert "'deaths'" in message and "ai 'deaths' oedd gennych chi mewn golwg?" in message
    message = error_message(lambda: prepare(WARDS, "i", y="zzzzzz"))
    _welsh_not_english(message, "y colofnau yw week, deaths, admissions", "columns are")


def test_a_column_label_inside_a_message_is_welsh() -> None:
    # "y column 'deaths'" is built lazily, when the message is formatted
    frame = WARDS.assign(admissions=[10, 1, 30])
    message = error_message(lambda: prepare(frame, "p", y="deaths", n="admissions"))
    _welsh_not_english(message, "colofn y 'deaths', rhes 2", "y column")
    _welsh_not_english(message, "(colofn n 'admissions': 1)", "more than its")


@pytest.mark.parametrize(
    ("cell", "welsh", "english"),
    [
        ("85%", "yn ganran", "a percentage"),
        ("1,234", "ysgrifennwch 1234", "must not contain commas"),
        ("#DIV/0!", "yn wall taenlen", "spreadsheet error"),
        ("<5", "wedi'i guddio neu ei dalgrynnu", "suppressed or rounded"),
    ],
)
def test_spreadsheet_habits_in_numbers_are_explained_in_welsh(
    cell: str, welsh: str, english: str
) -> None:
    message = error_message(lambda: prepare(None, "i", y=[1, cell]))
    _welsh_not_english(message, welsh, english)
    assert "y, rhes 2: " in message and repr(cell) in message


def test_dates_and_positions_in_welsh() -> None:
    message = error_message(lambda: prepare(None, "i", x=["01/02/2024", "01/13/2024"], y=[1, 2]))
    _welsh_not_english(message, "ac nid yw 13 yn fis", "is not a month")
    assert "DD/MM/YYYY" in message and "YYYY-MM-DD" in message  # formats stay as written
    message = error_message(lambda: prepare(None, "i", x=[1, 2, 3], y=[1, 2, 3], part=[3]))
    _welsh_not_english(message, "safleoedd yw cyfanrifau", "integers are positions")


def test_a_blank_denominator_in_welsh() -> None:
    frame = pd.DataFrame({"harms": [1, 2], "patients": [3, None]})
    message = error_message(lambda: require_denominators(frame, "harms", "patients"))
    _welsh_not_english(message, "mae colofn n 'patients' yn wag yn rhes 2", "is blank in row")


# --------------------------------------------------------------------------- chart, limits


def test_chart_options_in_welsh() -> None:
    message = error_message(lambda: chart(y=[1, 2, 3], multiply=-1))
    _welsh_not_english(message, "rhaid i multiply fod yn fwy na sero", "must be greater than zero")
    message = error_message(lambda: chart(y=[1, 0, 3], chart="t"))
    _welsh_not_english(message, "mae angen amseroedd mwy na sero ar siart t", "needs times")


def test_a_phase_error_is_welsh_around_and_inside() -> None:
    call = lambda: chart(y=[1, 2, 3, 5, 6], chart="np", n=[10, 10, 10, 11, 12], part=[3])  # noqa: E731
    message = error_message(call)
    assert message.startswith("cyfnod 2 (o bwynt 4): "), message
    _welsh_not_english(message, "is-grwpiau o'r un maint", "equal subgroup sizes")


def test_limits_in_welsh() -> None:
    message = error_message(
        lambda: compute_limits("c", np.array([1.0, -2.0]), None, np.ones(2, bool))
    )
    _welsh_not_english(message, "mae angen cyfrifon o sero neu fwy ar siart c", "needs counts")


# --------------------------------------------------------------------------- funnel, plot, icons


def test_funnel_in_welsh() -> None:
    message = error_message(lambda: funnel(unit=["Ash", "Ash"], y=[1, 1], n=[2, 2]))
    _welsh_not_english(message, "yn ymddangos fwy nag unwaith", "appears more than once")
    assert "'Ash'" in message
    message = error_message(lambda: funnel(unit=["a", "b"], y=[0, 0], n=[2, 2]))
    _welsh_not_english(message, "nid oes gan yr un o'r achosion", "none of the cases")


def test_saving_a_chart_in_welsh(tmp_path: Path) -> None:
    result = chart(y=[1, 2, 3])
    message = error_message(lambda: save_chart(result, tmp_path / "chart"))
    _welsh_not_english(message, "'ffeil heb ôl-ddodiad'", "a file without suffix")
    message = error_message(lambda: save_chart(result, tmp_path / "nowhere" / "chart.png"))
    _welsh_not_english(message, "yn bodoli; crëwch hi yn gyntaf", "does not exist")


def test_unknown_icon_in_welsh() -> None:
    message = error_message(lambda: assurance_kind("sometimes"))
    _welsh_not_english(message, "eicon sicrwydd Making Data Count anhysbys", "unknown Making")
    assert "consistent_pass" in message  # option names stay as code


# --------------------------------------------------------------------------- rules


def test_rule_errors_in_welsh() -> None:
    limits = Limits(*([np.zeros(2)] * len(Limits.__dataclass_fields__)))
    message = error_message(lambda: rule_set("western"))
    _welsh_not_english(message, "set rheolau anhysbys 'western'", "unknown rule set")
    message = error_message(lambda: check_improvement("up"))
    _welsh_not_english(message, "dywedwch pa gyfeiriad sydd well", "say which direction")
    message = error_message(lambda: evaluate_ihi(np.zeros(2), limits, astronomical=[5]))
    _welsh_not_english(message, "mae'r pwynt seryddol 5 y tu allan", "is outside the phase")
    message = error_message(lambda: evaluate_mdc(np.zeros(2), limits, target="high"))
    _welsh_not_english(message, "rhif meidraidd", "finite number")


# --------------------------------------------------------------------------- advisor, trainer, widgets


def test_advisor_in_welsh() -> None:
    message = error_message(lambda: advise("count", rare_events=True))
    _welsh_not_english(message, "dywedwch sut rydych chi'n cofnodi'r bylchau", "say how you")
    message = error_message(lambda: advise_from_answers({"rare_events": "yes"}))
    _welsh_not_english(message, "atebwch 'data_type' yn gyntaf", "first:")


def test_trainer_in_welsh() -> None:
    message = error_message(lambda: make_series(-1, "shift"))
    _welsh_not_english(message, "rhaid i seed fod yn rhif cyfan", "whole number")
    message = error_message(lambda: Answer(frozenset({"wobble"}), frozenset()))
    _welsh_not_english(message, "signal anhysbys 'wobble'", "unknown signal")


def test_rule_trainer_widget_in_welsh() -> None:
    app = RuleTrainerApp(seed=0)
    message = error_message(lambda: app.set_answer(["wobble"]))
    _welsh_not_english(message, "dewiswch o shift, trend", "choose from")


def test_spc_explorer_in_welsh() -> None:
    app = SpcExplorerApp(data=pd.DataFrame({"day": range(1, 21), "minutes": range(20)}))
    message = error_message(lambda: app.set_options(y="nope"))
    _welsh_not_english(message, "nid oes colofn 'nope' ar gyfer y", "no column")
    message = error_message(lambda: app.set_options(colour="red"))
    _welsh_not_english(message, "dewis anhysbys 'colour'", "unknown option")
    # an engine error reaches the learner after "Gwiriwch:", all in Welsh
    assert app.set_options(chart="p") is None
    assert "Gwiriwch: mae angen enwadur n ar siart p" in app.message.value
    assert "needs a denominator" not in app.message.value


# --------------------------------------------------------------------------- no English left


#: The strings files of the SPC engine, advisor, rule trainer and SPC explorer.
NAMESPACES = {"spc", "advisor", "rule_trainer", "spc_explorer"}


def _english_error_fragments() -> set[str]:
    """Literal pieces of the English error templates (long enough to be words) not in the Welsh."""
    fragments = set()
    for key, row in i18n.table().items():
        if ".error." not in key or key.split(".")[0] not in NAMESPACES:
            continue
        for literal, *_ in string.Formatter().parse(row["en"]):
            for piece in re.split(r"[;:,.()?]", literal):
                piece = piece.strip()
                if len(piece) >= 10 and " " in piece and piece not in row["cy"]:
                    fragments.add(piece)
    return fragments


_LIMITS = Limits(*([np.zeros(2)] * len(Limits.__dataclass_fields__)))
#: One mistake for each kind of message, across the modules.
MISTAKES = {
    "unknown chart": lambda: prepare(None, "zz", y=[1, 2]),
    "no data": lambda: prepare(None, "i", y="deaths"),
    "not a number": lambda: prepare(WARDS, "i", y="week"),
    "infinite": lambda: prepare(None, "i", y=[1, float("inf")]),
    "too large": lambda: prepare(None, "i", y=[1, 1e200]),
    "dash": lambda: prepare(None, "i", y=[1, "-"]),
    "decimal comma": lambda: prepare(None, "i", y=[1, "3,5"]),
    "negative": lambda: prepare(None, "c", y=[1, -2]),
    "lengths": lambda: prepare(None, "i", x=[1, 2, 3], y=[1, 2]),
    "xbar with n": lambda: prepare(None, "xbar", x=[1, 1], y=[1, 2], n=[1, 2]),
    "n zero": lambda: prepare(None, "p", y=[1, 2], n=[1, 0]),
    "total row": lambda: prepare(None, "i", x=["2024-01-01", "total"], y=[1, 2]),
    "two date styles": lambda: prepare(None, "i", x=["2024-01-01", "01/02/2024"], y=[1, 2]),
    "no such date": lambda: prepare(None, "i", x=["2024-01-01", "2024-02-30"], y=[1, 2]),
    "y without x": lambda: prepare(None, "i", x=["a", None], y=[1, 2]),
    "no such x": lambda: prepare(None, "i", x=[1, 2, 3], y=[1, 2, 3], part=[2.5]),
    "freeze": lambda: prepare(None, "i", y=[1, 2, 3, 4], part=[1], freeze=3),
    "tiny n": lambda: chart(y=[1, 2, 3], chart="p", n=1e-300),
    "huge point": lambda: chart(x=[1, 1, 2], y=[1e100, 1e100, 3], chart="run", agg="sum"),
    "not finite": lambda: chart(y=[1, 2, 3], multiply=float("inf")),
    "np sizes": lambda: compute_limits("np", np.ones(2), np.array([2.0, 3.0]), np.ones(2, bool)),
    "xbar sd": lambda: compute_limits("xbar", np.ones(2), np.ones(2), np.ones(2, bool)),
    "funnel level": lambda: funnel(unit=["a"], y=[1], n=[2], levels=(2,)),
    "funnel column": lambda: funnel(WARDS, unit="ward", y="deaths", n="admissions"),
    "funnel numbers": lambda: funnel(unit=["a"], y=["x"], n=[2]),
    "funnel lengths": lambda: funnel(unit=["a", "b"], y=[1], n=[2]),
    "funnel spread": lambda: funnel(unit=["a", "b"], y=[2, 2], n=[2, 2]),
    "plot": lambda: save_chart(object(), "chart.png"),
    "icon": lambda: assurance_kind("sometimes"),
    "rules shape": lambda: evaluate_ihi(np.zeros(2), _LIMITS, astronomical=[0.5]),
    "advisor bool": lambda: advise("count", equal_opportunity=3),
    "advisor measurement": lambda: advise("measurement", rare_events=True),
    "advisor answer": lambda: advise_from_answers({"data_type": "zz"}),
    "trainer kind": lambda: make_series(1, "wobble"),
}


@pytest.mark.parametrize("mistake", MISTAKES)
def test_no_english_is_left_in_a_welsherror_message(mistake: str) -> None:
    fragments = _english_error_fragments()
    i18n.set_language("en")
    english = error_message(MISTAKES[mistake])
    # the same mistake in English does use the templates checked here
    assert any(fragment in english for fragment in fragments), english
    i18n.set_language("cy")
    welsh = error_message(MISTAKES[mistake])
    assert welsh != english
    assert [fragment for fragment in fragments if fragment in welsh] == [], welsh
