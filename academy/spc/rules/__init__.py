"""Rule sets that find signals in one phase of a run or control chart.

Every rule set has the same signature::

    evaluate(y, limits, *, improvement=None, target=None) -> RuleOutcome

``y`` holds the plotted values of one phase (NaN = missing), ``limits`` its lines
(:class:`academy.spc.model.Limits`), ``improvement`` "higher", "lower" or None.
The outcome carries per-point columns, findings in plain language and per-phase
summary values. :data:`RULE_SETS` maps each rule-set id to its function,
:data:`RULE_SET_NAMES` to a human name and :data:`RULE_SET_SOURCES` to the full
citation. Shared conventions (missing values, strict comparisons, the cap on
findings) are described in :mod:`academy.spc.rules.runs`.
"""

from __future__ import annotations

from collections.abc import Callable

from academy.errors import InputError
from academy.i18n import t
from academy.spc.model import RuleOutcome
from academy.spc.rules import anhoej, ihi, mdc
from academy.spc.rules.ihi import evaluate_ihi
from academy.spc.rules.shewhart import evaluate_hcdg, evaluate_nelson, evaluate_we

RuleSet = Callable[..., RuleOutcome]

RULE_SETS: dict[str, RuleSet] = {
    "anhoej": anhoej.evaluate,
    "ihi": ihi.evaluate,
    "mdc": mdc.evaluate,
    "we": evaluate_we,
    "nelson": evaluate_nelson,
    "hcdg": evaluate_hcdg,
}

RULE_SET_NAMES: dict[str, str] = {
    "anhoej": "Anhøj run chart rules",
    "ihi": "IHI run chart rules",
    "mdc": "NHS Making Data Count rules",
    "we": "Western Electric rules",
    "nelson": "Nelson rules",
    "hcdg": "Health Care Data Guide rules",
}

RULE_SET_SOURCES: dict[str, str] = {
    "anhoej": (
        "Anhøj J, Olesen AV. Run charts revisited: a simulation study of run chart rules for "
        "detection of non-random variation in health care processes. PLoS ONE "
        "2014;9(11):e113825. Anhøj J. Diagnostic value of run chart analysis: using likelihood "
        "ratios to compare run chart rules on simulated data series. PLoS ONE "
        "2015;10(3):e0121349."
    ),
    "ihi": (
        "Perla RJ, Provost LP, Murray SK. The run chart: a simple analytical tool for learning "
        "from variation in healthcare processes. BMJ Qual Saf 2011;20(1):46-51. Swed FS, "
        "Eisenhart C. Tables for testing randomness of grouping in a sequence of alternatives. "
        "Ann Math Stat 1943;14(1):66-87."
    ),
    "mdc": (
        "NHS England and NHS Improvement. Making Data Count: strengthening your decisions. "
        "2019; NHS England. Making Data Count SPC guidance. 2023; NHS-R Community. "
        "NHSRplotthedots: draw XmR charts for NHSE/I 'Making Data Count' (R package)."
    ),
    "we": (
        "Western Electric Company. Statistical Quality Control Handbook. Indianapolis: "
        "Western Electric; 1956."
    ),
    "nelson": (
        "Nelson LS. The Shewhart control chart — tests for special causes. J Qual Technol "
        "1984;16(4):237-239."
    ),
    "hcdg": (
        "Provost LP, Murray SK. The Health Care Data Guide: Learning from Data for Improvement. "
        "San Francisco: Jossey-Bass; 2011."
    ),
}


def rule_set(name: str) -> RuleSet:
    """The rule set called ``name``.

    Raises:
        InputError: no rule set has that name.
    """
    try:
        return RULE_SETS[name]
    except (KeyError, TypeError):
        raise InputError(
            t("spc.error.no_rule_set", name=name, rule_sets=", ".join(RULE_SETS))
        ) from None


__all__ = [
    "RULE_SETS",
    "RULE_SET_NAMES",
    "RULE_SET_SOURCES",
    "RuleSet",
    "evaluate_ihi",
    "rule_set",
]
