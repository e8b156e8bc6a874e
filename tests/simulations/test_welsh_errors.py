"""The simulations' error messages follow the language: in Welsh mode a learner reads Welsh.

Each case names a Welsh fragment written here and the English fragment it replaces; the
learner's own values (an unknown idea, a design name) stay as typed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from academy import i18n
from academy.simulations.funnel_experiment import drop_positions, expected_variance, run_funnel
from academy.simulations.helicopter import design, estimate_effects, plot_effects, run_design
from academy.simulations.potato_head import PDSACycle, play, plot_teams
from academy.simulations.red_beads import np_limits, run_red_beads
from academy.widgets.simulations import PotatoHeadApp
from tests.errors import error_message

pytestmark = pytest.mark.usefixtures("in_welsh")


def _bad_coding() -> pd.DataFrame:
    runs = design().assign(flight_time_s=1.0)
    runs.loc[0, "A"] = 0
    return runs


CASES = [
    # red_beads
    (np_limits, (1.5, 10), {}, "ar gyfer terfynau np", "limits need"),
    (run_red_beads, (), {"days": 0}, "rhaid i days fod rhwng 1 a 30", "must be between"),
    (run_red_beads, (), {"workers": ["Aled"]}, "dau enw gwahanol", "two different names"),
    (run_red_beads, (), {"workers": ["A", "B", "C"]}, "nifer eilrif", "even number"),
    (run_red_beads, (), {"paddle_bias": 0}, "(mae 1.0 yn deg)", "(1.0 is fair)"),
    # potato_head
    (play, ([PDSACycle(("fly",))],), {}, "syniad am newid anhysbys 'fly'", "unknown change idea"),
    (play, ([PDSACycle((), -1)],), {}, "eiliadau uwchlaw 0", "seconds above 0"),
    (play, ([],), {"runs_per_cycle": 0}, "cafwyd 0", "; got 0"),
    (plot_teams, ([],), {}, "canlyniad o leiaf un tîm", "at least one team's result"),
    # funnel_experiment
    (drop_positions, (5, np.zeros(3)), {}, "rhaid i rule fod yn 1, 2, 3 neu 4", "1, 2, 3 or 4"),
    (expected_variance, (1, 1), {}, "amrywiant sampl", "sample variance"),
    (run_funnel, (), {"dims": 3}, "rhaid i dims fod yn 1 neu 2", "must be 1 or 2"),
    # helicopter
    (run_design, ("tiny",), {}, "cynllun anhysbys 'tiny'", "unknown design"),
    (run_design, ({"Z": "AB"},), {}, "nid yw'r generadur 'Z' yn ffactor", "is not a factor"),
    (estimate_effects, (_bad_coding(),), {}, "(isel) a +1 (uchel)", "(low) and +1 (high)"),
    (plot_effects, (pd.DataFrame({"effect": [1.0]}),), {"kind": "pie"}, "cafwyd 'pie'", "got"),
]


@pytest.mark.parametrize(("call", "args", "kwargs", "welsh", "english"), CASES)
def test_simulation_errors_in_welsh(call, args, kwargs, welsh, english) -> None:
    message = error_message(call, *args, **kwargs)
    assert welsh in message
    assert english not in message


def test_potato_head_widget_error_in_welsh() -> None:
    message = error_message(PotatoHeadApp().set_ideas, "fly")
    assert message.startswith("syniad am newid anhysbys 'fly'; dewiswch o ")
    assert "choose from" not in message


def test_back_in_english_the_messages_are_english() -> None:
    i18n.set_language("en")
    message = error_message(run_funnel, dims=3)
    assert message == "dims must be 1 or 2; got 3"
