"""Run-chart rule trainer: seeded practice series with an answer key from the engine.

:func:`make_series` draws a realistic-looking series of 20 to 30 points, with or
without one planted signal ("shift", "trend", "too_few_runs", "astronomical").
The answer key is never what was planted: it is what the engine's IHI run chart
rules (:func:`academy.spc.rules.ihi.evaluate_ihi`; Perla RJ, Provost LP, Murray SK.
The run chart: a simple analytical tool for learning from variation in healthcare
processes. BMJ Qual Saf 2011;20(1):46-51) find in the generated values. A draft is
redrawn until the engine finds exactly the intended kind of signal, so the key
is always right and every exercise has one clear lesson.

The IHI rules leave the astronomical point to judgement ("obviously, or even
blatantly, different", Perla et al. 2011, rule 4). For practice the trainer makes
that judgement with a fixed threshold of its own (:data:`ASTRONOMICAL_SD`): a point
is astronomical when it lies more than 4 standard deviations from the median,
the standard deviation being that of the other points (so the point cannot hide
itself by inflating it). The planted points lie 5.5 to 7 standard deviations
away, and a draft of another kind is redrawn if any point lies beyond 4, so
the call is seldom a close one. The points are then passed to ``evaluate_ihi`` so that the finding
carries the engine's label and source.

:func:`mark` compares a learner's :class:`Answer` with the key and returns
:class:`Feedback` naming each rule, its source and its points, and what was
missed or added; :class:`Score` keeps the running score. Feedback text and the
names of the measures the series pretend to be come from the strings table
(``rule_trainer.*`` keys), so they follow the language set with
:func:`academy.i18n.set_language` (a series is named when it is drawn). The
rule's description and source in each :class:`Signal` are the engine's, in
English.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from academy.errors import InputError
from academy.i18n import t
from academy.spc import SPCResult, chart
from academy.spc.limits import compute_limits
from academy.spc.rules.ihi import evaluate_ihi

__all__ = [
    "ASTRONOMICAL_SD",
    "KINDS",
    "SIGNALS",
    "Answer",
    "Feedback",
    "Score",
    "Series",
    "Signal",
    "astronomical_points",
    "make_series",
    "mark",
    "parse_points",
    "series_for_round",
]

#: Kinds of series :func:`make_series` can draw.
KINDS = ("none", "shift", "trend", "too_few_runs", "astronomical")
#: Signals a learner can report (every kind except "none").
SIGNALS = KINDS[1:]
#: Trainer's threshold for an astronomical point, in standard deviations of the
#: other points from the median (an operational stand-in for Perla et al.'s
#: judgement rule; not a published threshold).
ASTRONOMICAL_SD = 4.0
#: Drafts tried before giving up (the engine agrees within a handful in practice).
MAX_ATTEMPTS = 500

_KIND_OF_RULE = {
    "ihi_shift": "shift",
    "ihi_trend": "trend",
    "ihi_runs": "too_few_runs",
    "ihi_astronomical": "astronomical",
}
#: Shift and trend lengths planted (the rules signal at 6 and 5; Perla et al. 2011).
_SHIFT_LENGTHS = (7, 9)
_TREND_LENGTHS = (6, 7)
#: Run lengths used to draw a series with too few runs: never a shift of 6.
_RUN_LENGTHS = (3, 5)
#: Planted astronomical points: this many standard deviations from the median.
_ASTRONOMICAL_PLANT = (5.5, 7.0)


@dataclass(frozen=True)
class _Context:
    """A measure that the practice series pretends to be.

    ``name`` picks its title and y-axis label from the strings table
    (``rule_trainer.context.<name>.title`` and ``.ylab``).
    """

    name: str
    level: float
    sd: float
    decimals: int

    @property
    def title(self) -> str:
        return t(f"rule_trainer.context.{self.name}.title")

    @property
    def ylab(self) -> str:
        return t(f"rule_trainer.context.{self.name}.ylab")


_CONTEXTS = (
    _Context("triage", 18, 2.5, 1),
    _Context("sepsis", 60, 4, 1),
    _Context("falls", 6.5, 0.8, 2),
    _Context("outpatients", 35, 4, 1),
    _Context("discharges", 30, 3.5, 1),
)


@dataclass(frozen=True)
class Signal:
    """One signal in the answer key, as the engine reported it.

    Attributes:
        kind: one of :data:`SIGNALS`.
        label: the engine's name of the rule, e.g. "Shift".
        points: 1-based positions of the points involved (for too few runs, the
            first and last useful point: the rule concerns the whole chart).
        detail: the engine's plain-language description.
        source: short citation of the rule.
    """

    kind: str
    label: str
    points: tuple[int, ...]
    detail: str
    source: str


@dataclass(frozen=True)
class Series:
    """A practice series and its answer key.

    Attributes:
        seed: the seed it was drawn from.
        kind: the kind asked for (see :data:`KINDS`).
        title, ylab: what the series pretends to measure.
        values: the values in time order.
        signals: what the IHI rules (with the trainer's astronomical rule) find.
    """

    seed: int
    kind: str
    title: str
    ylab: str
    values: tuple[float, ...]
    signals: tuple[Signal, ...]

    @property
    def kinds(self) -> frozenset[str]:
        """The kinds of signal in the key (empty for a series without a signal)."""
        return frozenset(s.kind for s in self.signals)

    @property
    def points(self) -> frozenset[int]:
        """The 1-based points a learner should name (shift, trend and astronomical points)."""
        return frozenset(p for s in self.signals if s.kind != "too_few_runs" for p in s.points)

    def result(self) -> SPCResult:
        """The series as a run chart from the engine, with the IHI rules."""
        return chart(
            y=np.asarray(self.values), chart="run", rules=("ihi",), title=self.title, ylab=self.ylab
        )

    def alt_text(self) -> str:
        """Alternative text that lists every value but does not give the answer away."""
        values = np.asarray(self.values)
        listed = ", ".join(f"{i}: {v:g}" for i, v in enumerate(values, start=1))
        return t(
            "rule_trainer.alt",
            title=self.title,
            ylab=self.ylab,
            n=values.size,
            median=f"{np.median(values):g}",
            values=listed,
        )


@dataclass(frozen=True)
class Answer:
    """What a learner reports: the kinds of signal seen and the points involved (1-based)."""

    signals: frozenset[str] = frozenset()
    points: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        unknown = sorted(set(self.signals) - set(SIGNALS))
        if unknown:
            raise InputError(
                t(
                    "rule_trainer.error.unknown_signal",
                    signal=unknown[0],
                    signals=", ".join(SIGNALS),
                )
            )
        object.__setattr__(self, "signals", frozenset(self.signals))
        object.__setattr__(self, "points", frozenset(int(p) for p in self.points))


@dataclass(frozen=True)
class Feedback:
    """The marking of one answer.

    Attributes:
        verdict: "correct", "partly" (some of it right) or "not_yet".
        missed_signals, extra_signals: kinds in the key but not reported, and the reverse.
        missed_points, extra_points: points in the key but not named, and the reverse.
        lines: the feedback in plain language, one sentence or item per line.
    """

    verdict: str
    missed_signals: frozenset[str]
    extra_signals: frozenset[str]
    missed_points: frozenset[int]
    extra_points: frozenset[int]
    lines: tuple[str, ...]

    @property
    def correct(self) -> bool:
        return self.verdict == "correct"

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class Score:
    """Running score: each series counts once, at its first check.

    Attributes:
        attempts: series checked.
        correct: series answered fully right at the first check.
        partly: series answered partly right at the first check.
    """

    attempts: int = 0
    correct: int = 0
    partly: int = 0
    _seen: set[tuple[int, str]] = field(default_factory=set, repr=False)

    def record(self, series: Series, feedback: Feedback) -> bool:
        """Count ``feedback`` unless ``series`` was already checked; True if it counted."""
        key = (series.seed, series.kind)
        if key in self._seen:
            return False
        self._seen.add(key)
        self.attempts += 1
        self.correct += feedback.verdict == "correct"
        self.partly += feedback.verdict == "partly"
        return True

    @property
    def text(self) -> str:
        return t(
            "rule_trainer.score", correct=self.correct, partly=self.partly, attempts=self.attempts
        )


def astronomical_points(values: np.ndarray) -> np.ndarray:
    """0-based positions more than :data:`ASTRONOMICAL_SD` sd of the other points from the median.

    The trainer's operational version of Perla et al.'s (2011) judgement rule:
    for each point, the sample standard deviation of the other n − 1 points
    (leave-one-out, from running sums) and the median of all points.
    """
    y = np.asarray(values, dtype=float)
    n = y.size
    others_sum = y.sum() - y
    others_sq = (y**2).sum() - y**2
    others_mean = others_sum / (n - 1)
    var = (others_sq - (n - 1) * others_mean**2) / (n - 2)
    sd = np.sqrt(np.maximum(var, 0))
    return np.flatnonzero(np.abs(y - np.median(y)) > ASTRONOMICAL_SD * sd)


def answer_key(values: np.ndarray) -> tuple[tuple[Signal, ...], dict[str, object]]:
    """The engine's IHI findings (and astronomical points) for ``values``, and its summary."""
    y = np.asarray(values, dtype=float)
    limits = compute_limits("run", y, None, np.ones(y.size, dtype=bool))
    outcome = evaluate_ihi(y, limits, astronomical=astronomical_points(y).tolist())
    signals = tuple(
        Signal(
            _KIND_OF_RULE[f.rule], f.label, tuple(int(i) + 1 for i in f.indices), f.detail, f.source
        )
        for f in outcome.findings
    )
    return signals, outcome.summary


def _draft(rng: np.random.Generator, kind: str, n: int, ctx: _Context) -> np.ndarray:
    """A candidate series with the signal planted (the engine decides whether it took)."""
    y = rng.normal(ctx.level, ctx.sd, n)
    way = rng.choice((-1.0, 1.0))
    if kind == "shift":
        length = int(rng.integers(_SHIFT_LENGTHS[0], _SHIFT_LENGTHS[1] + 1))
        start = int(rng.integers(0, n - length + 1))
        y[start : start + length] = ctx.level + way * ctx.sd * rng.uniform(0.6, 2.0, length)
    elif kind == "trend":
        length = int(rng.integers(_TREND_LENGTHS[0], _TREND_LENGTHS[1] + 1))
        start = int(rng.integers(0, n - length + 1))
        steps = np.concatenate(([0.0], rng.uniform(0.5, 1.1, length - 1))) * ctx.sd
        y[start : start + length] = ctx.level - way * 1.5 * ctx.sd + way * np.cumsum(steps)
    elif kind == "too_few_runs":
        lengths = rng.integers(_RUN_LENGTHS[0], _RUN_LENGTHS[1] + 1, n)
        sides = np.repeat(way * (-1.0) ** np.arange(n), lengths)[:n]
        y = ctx.level + sides * ctx.sd * rng.uniform(0.3, 1.6, n)
    elif kind == "astronomical":
        at = int(rng.integers(2, n - 2))
        y[at] = np.median(y) + way * ctx.sd * rng.uniform(*_ASTRONOMICAL_PLANT)
    return np.round(y, ctx.decimals)


def _agrees(kind: str, signals: tuple[Signal, ...], summary: dict[str, object]) -> bool:
    """True when the engine found exactly the intended kind of signal (too few, not too many runs)."""
    kinds = {s.kind for s in signals}
    if kinds != ({kind} - {"none"}):
        return False
    return kind != "too_few_runs" or summary["n_runs"] < summary["runs_lower"]


def make_series(seed: int, kind: str) -> Series:
    """Draw a practice series of 20 to 30 points with the signal ``kind`` (or none).

    Args:
        seed: any non-negative integer; the same seed and kind give the same series.
        kind: "none", "shift" (7 to 9 points on one side of the median), "trend"
            (6 or 7 points going one way), "too_few_runs" or "astronomical".

    Returns:
        The series with its answer key from the engine (see the module docstring).

    Raises:
        InputError: unknown kind or a negative seed.
    """
    if kind not in KINDS:
        raise InputError(t("rule_trainer.error.unknown_kind", kind=kind, kinds=", ".join(KINDS)))
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise InputError(t("rule_trainer.error.seed", seed=seed))
    rng = np.random.default_rng([int(seed), KINDS.index(kind)])
    ctx = _CONTEXTS[int(rng.integers(len(_CONTEXTS)))]
    for _ in range(MAX_ATTEMPTS):
        values = _draft(rng, kind, int(rng.integers(20, 31)), ctx)
        signals, summary = answer_key(values)
        if _agrees(kind, signals, summary):
            return Series(int(seed), kind, ctx.title, ctx.ylab, tuple(values.tolist()), signals)
    raise RuntimeError(f"no {kind} series found in {MAX_ATTEMPTS} drafts (seed {seed})")


def series_for_round(seed: int, round_number: int) -> Series:
    """The series of round ``round_number`` (0, 1, ...) of a session started with ``seed``.

    The kind is drawn at random (all five equally likely), so a learner cannot
    expect a signal every time.
    """
    rng = np.random.default_rng([int(seed), int(round_number)])
    kind = KINDS[int(rng.integers(len(KINDS)))]
    return make_series(int(rng.integers(2**31)), kind)


_POINTS_TEXT = re.compile(r"^(\d+)(?:-(\d+))?$")


def parse_points(text: str, n: int | None = None) -> frozenset[int]:
    """Points typed by a learner: "3, 5-9; 12" (ranges with - or –) as 1-based positions.

    Raises:
        InputError: text that is not numbers and ranges, or a point outside 1..n.
    """
    points: set[int] = set()
    tidy = re.sub(r"\s*[-–]\s*", "-", text.strip())
    for item in re.split(r"[,;\s]+", tidy) if tidy else []:
        match = _POINTS_TEXT.match(item)
        if not match:
            raise InputError(t("rule_trainer.error_unreadable", item=repr(item)))
        first = int(match[1])
        last = int(match[2] or first)
        if last < first:
            first, last = last, first
        points.update(range(first, last + 1))
    outside = sorted(p for p in points if p < 1 or (n is not None and p > n))
    if outside:
        raise InputError(t("rule_trainer.error_outside", point=outside[0], n=n))
    return frozenset(points)


def _ranges(points: Iterable[int]) -> str:
    """1-based points as "3–9, 12"."""
    groups: list[list[int]] = []
    for p in sorted(points):
        if groups and p == groups[-1][1] + 1:
            groups[-1][1] = p
        else:
            groups.append([p, p])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in groups)


def _names(kinds: Iterable[str]) -> str:
    return ", ".join(t(f"rule_trainer.signal.{k}") for k in SIGNALS if k in set(kinds))


def mark(series: Series, answer: Answer) -> Feedback:
    """Mark ``answer`` against the series' answer key.

    Fully right means the same kinds of signal and the same points (the points
    of shifts, trends and astronomical points; too few runs concerns the whole
    chart, so it has no points to name). Partly right means at least one kind
    or point right, or "no signal" right but with points named.
    """
    key, given = series.kinds, answer.signals
    missed, extra = key - given, given - key
    missed_points = series.points - answer.points
    extra_points = answer.points - series.points
    if not (missed or extra or missed_points or extra_points):
        verdict = "correct"
    elif (key & given) or (series.points & answer.points) or not (key or given):
        verdict = "partly"
    else:
        verdict = "not_yet"
    lines = [t(f"rule_trainer.verdict.{verdict}")]
    for s in series.signals:
        where = (
            t("rule_trainer.feedback.whole_chart")
            if s.kind == "too_few_runs"
            else t("rule_trainer.feedback.points", points=_ranges(s.points))
        )
        lines.append(
            t(
                "rule_trainer.feedback.signal",
                label=t(f"rule_trainer.signal.{s.kind}"),
                where=where,
                detail=s.detail.rstrip("."),
                source=s.source,
            )
        )
    if not series.signals:
        lines.append(t("rule_trainer.feedback.no_signal"))
    if missed:
        lines.append(t("rule_trainer.feedback.missed", signals=_names(missed)))
    if extra:
        lines.append(t("rule_trainer.feedback.extra", signals=_names(extra)))
    if missed_points:
        lines.append(t("rule_trainer.feedback.missed_points", points=_ranges(missed_points)))
    if extra_points:
        lines.append(t("rule_trainer.feedback.extra_points", points=_ranges(extra_points)))
    return Feedback(
        verdict,
        frozenset(missed),
        frozenset(extra),
        frozenset(missed_points),
        frozenset(extra_points),
        tuple(lines),
    )
