"""Statistical process control (SPC) for improvement work.

:func:`chart` makes a run or control chart from a table or plain values and
returns an :class:`SPCResult` (points, summary, findings, ``explain()``,
``plot()``, ``alt_text()``). :data:`CHART_TYPES` lists the chart ids,
:data:`RULE_SETS` the rule sets; :func:`funnel` draws funnel plots and
:func:`advise` suggests a chart.

``academy.spc.chart`` and ``academy.spc.funnel`` are the functions: their
modules of the same name are reached with ``from academy.spc.chart import ...``.
The functions are imported here eagerly on purpose: a submodule imported later
would otherwise replace a lazily added function of the same name.
"""

from __future__ import annotations

from academy.spc.advisor import advise
from academy.spc.chart import SPCResult, chart
from academy.spc.funnel import funnel
from academy.spc.limits import CHART_TYPES
from academy.spc.rules import RULE_SETS

__all__ = ["CHART_TYPES", "RULE_SETS", "SPCResult", "advise", "chart", "funnel"]
