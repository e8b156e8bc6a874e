"""Paper helicopter experiments: two-level factorial and fractional factorial designs.

Box used a paper helicopter dropped from a fixed height to teach designed
experiments (G. E. P. Box, "Teaching engineers experimental design with a paper
helicopter", *Quality Engineering* 4(3):453-459, 1992; Box, Hunter & Hunter,
*Statistics for Experimenters*, 2nd ed., Wiley 2005, hereafter BHH). The learner
chooses a design, "flies" its runs in random order and estimates the effects.

The flight-time model is ours, for teaching, not Box's estimates: from a 2 m
drop, flight time in seconds is

    y = mean + Σ (effectᵢ/2)·xᵢ + (effect_BE/2)·x_B·x_E + noise,

with factors coded xᵢ = −1 (low) or +1 (high), so each effect is the change in
mean flight time from the low to the high level (BHH ch. 5). Longer rotors slow
the fall most (in Box's own screening experiment wing length dominated: verify
against Box 1992 before quoting); the paper clip speeds it; the rotor-length ×
paper-clip interaction means long rotors help less when weighed down. Noise (standard deviation 0.10 s) stands for
stopwatch reaction and air currents.

Designs (BHH ch. 5 and 6; Montgomery, *Design and Analysis of Experiments*,
table of 2^(k−p) fractional factorials): the full 2⁵ (32 runs); the half
fraction 2^(5−1) with generator E = ABCD (defining relation I = ABCDE,
resolution V: main effects and two-factor interactions are clear of each
other); the quarter fraction 2^(5−2) with D = AB and E = AC (I = ABD = ACE =
BCDE, resolution III: main effects are aliased with two-factor interactions).

Sentences, factor names and settings in tables, and the figure's words come from
the strings table (``simulations.helicopter.*`` keys, :mod:`academy.i18n`) in
the current language; :data:`FACTORS` keeps the English names, which a
prediction may use.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from scipy.stats import norm

from academy.errors import InputError
from academy.i18n import t, text
from academy.spc.icons import OKABE_ITO
from academy.spc.plot import FONT, LABEL_FONT, TITLE_FONT

DROP_HEIGHT_M = 2.0


class Factor(NamedTuple):
    """A factor's name and its low (−1) and high (+1) settings."""

    name: str
    low: str
    high: str


#: The five factors with their English names and settings (strings table keys
#: ``simulations.helicopter.factor_<letter>``, ``.low_<letter>`` and ``.high_<letter>``).
FACTORS: dict[str, Factor] = {
    letter: Factor(
        text(f"simulations.helicopter.factor_{letter}", "en"),
        text(f"simulations.helicopter.low_{letter}", "en"),
        text(f"simulations.helicopter.high_{letter}", "en"),
    )
    for letter in "ABCDE"
}
LETTERS = "".join(FACTORS)

#: Generators of the standard designs, by name.
DESIGNS: dict[str, dict[str, str]] = {
    "full": {},
    "half": {"E": "ABCD"},
    "quarter": {"D": "AB", "E": "AC"},
}


@dataclass(frozen=True)
class HelicopterModel:
    """True flight-time model (see the module notes).

    Attributes:
        mean: mean flight time over all settings, seconds.
        effects: main effect of each factor letter (high minus low), seconds.
        interactions: interaction effects by word, e.g. ``{"BE": -0.10}``.
        noise_sd: standard deviation of a flight's chance variation, seconds.
    """

    mean: float = 1.80
    effects: Mapping[str, float] = field(
        default_factory=lambda: {"A": -0.12, "B": 0.42, "C": -0.08, "D": -0.03, "E": -0.30}
    )
    interactions: Mapping[str, float] = field(default_factory=lambda: {"BE": -0.10})
    noise_sd: float = 0.10

    def true_effects(self) -> dict[str, float]:
        """Every term of the model (main effects and interactions) by word."""
        return {**self.effects, **{_word(w): e for w, e in self.interactions.items()}}


DEFAULT_MODEL = HelicopterModel()


def _word(letters: str) -> str:
    """Letters as a canonical word (sorted, upper case)."""
    return "".join(sorted(letters.upper()))


def _multiply(a: str, b: str) -> str:
    """Product of two words: squared letters vanish (A·A = I)."""
    return "".join(sorted(set(a) ^ set(b)))


def _check_generators(generators: Mapping[str, str]) -> dict[str, str]:
    """Canonical generators, or InputError for impossible ones."""
    out = {k.upper(): _word(w) for k, w in generators.items()}
    base = set(LETTERS) - set(out)
    for key, word in out.items():
        if key not in FACTORS:
            raise InputError(
                t("simulations.error.helicopter_generator_key", key=key, letters=LETTERS)
            )
        if len(word) < 2 or not set(word) <= base:
            raise InputError(
                t(
                    "simulations.error.helicopter_generator_word",
                    key=key,
                    word=word,
                    base="".join(sorted(base)),
                )
            )
    return out


def design(generators: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Two-level design in standard (Yates) order, coded −1/+1.

    The base factors (those without a generator) form a full factorial with A
    changing fastest (BHH ch. 5); each generated factor is the product of its
    word's columns (BHH ch. 6).

    Args:
        generators: e.g. ``{"E": "ABCD"}``; None or ``{}`` for the full 2⁵.

    Returns:
        One row per run (``std_order`` 1, 2, ...), one column per factor letter.
    """
    gens = _check_generators(generators or {})
    base = [f for f in LETTERS if f not in gens]
    i = np.arange(2 ** len(base))[:, None]
    cols = dict(zip(base, np.where((i >> np.arange(len(base))) & 1, 1, -1).T, strict=True))
    for key, word in gens.items():
        cols[key] = np.prod([cols[f] for f in word], axis=0)
    table = pd.DataFrame({f: cols[f] for f in LETTERS})
    table.insert(0, "std_order", np.arange(1, len(table) + 1))
    return table


def defining_relation(generators: Mapping[str, str]) -> tuple[str, ...]:
    """Words equal to the identity I: every product of the generator words.

    Each generator E = ABCD gives the word ABCDE; p generators give 2^p − 1
    words (BHH ch. 6). Sorted by length, then alphabetically.
    """
    words = [_multiply(k, w) for k, w in _check_generators(generators).items()]
    found = set()
    for r in range(1, len(words) + 1):
        for combo in itertools.combinations(words, r):
            product = ""
            for w in combo:
                product = _multiply(product, w)
            found.add(product)
    return tuple(sorted(found, key=lambda w: (len(w), w)))


def resolution(generators: Mapping[str, str]) -> int | None:
    """Length of the shortest word in the defining relation; None for a full factorial.

    Resolution III: main effects aliased with two-factor interactions; IV: main
    effects clear but two-factor interactions aliased together; V: both clear of
    each other (Box & Hunter 1961, Technometrics 3:311-351; BHH ch. 6).
    """
    words = defining_relation(generators)
    return len(words[0]) if words else None


def alias_structure(
    generators: Mapping[str, str], max_order: int = 2
) -> dict[str, tuple[str, ...]]:
    """Aliases of every main effect and interaction up to ``max_order``.

    A term's aliases are its products with each word of the defining relation
    (BHH ch. 6), sorted by length then alphabetically.
    """
    words = defining_relation(generators)
    out = {}
    for order in range(1, max_order + 1):
        for term in itertools.combinations(LETTERS, order):
            term = "".join(term)
            out[term] = tuple(
                sorted((_multiply(term, w) for w in words), key=lambda w: (len(w), w))
            )
    return out


def flight_times(
    settings: pd.DataFrame, model: HelicopterModel, noise_sd: float, rng: np.random.Generator
) -> np.ndarray:
    """Flight time of each run from the coded settings (see the module notes)."""
    terms = model.true_effects()
    if unknown := [w for w in terms if not w or not set(w) <= set(LETTERS)]:
        raise InputError(
            t("simulations.error.helicopter_model_terms", terms=unknown, letters=LETTERS)
        )
    x = settings[list(LETTERS)].to_numpy(dtype=float)
    y = np.full(len(settings), model.mean)
    for word, effect in terms.items():
        y += effect / 2 * np.prod(x[:, [LETTERS.index(f) for f in word]], axis=1)
    return y + rng.normal(0.0, noise_sd, len(settings)) if noise_sd > 0 else y


def _name(term: str) -> str:
    """A term's plain name in the current language, e.g. 'rotor length × paper clip'."""
    return " × ".join(t(f"simulations.helicopter.factor_{f}") for f in term)


def estimate_effects(
    runs: pd.DataFrame, *, response: str = "flight_time_s", max_order: int = 2
) -> pd.DataFrame:
    """Effect of each main effect and interaction up to ``max_order``.

    The effect of a term is the mean response where its contrast column (the
    product of its factors' coded columns) is +1 minus the mean where it is −1
    (BHH ch. 5). Terms whose contrast columns are identical in these runs are
    aliases; only the first is estimated, the others are listed with it. Designs
    are taken to have positive generators (I = +word), as :func:`design` makes.

    Args:
        runs: coded factor columns A-E and the response.
        response: the response column.
        max_order: highest interaction order estimated (1-5).

    Returns:
        One row per estimable term: ``term``, ``name``, ``effect`` and
        ``aliases`` (every other term with the same contrast, " = "-joined).
    """
    missing = [c for c in (*LETTERS, response) if c not in runs]
    if missing:
        raise InputError(t("simulations.error.helicopter_columns", columns=", ".join(missing)))
    x = runs[list(LETTERS)].to_numpy()
    if not np.isin(x, (-1, 1)).all():
        raise InputError(t("simulations.error.helicopter_coding"))
    if not 1 <= max_order <= len(LETTERS):
        raise InputError(
            t("simulations.error.helicopter_max_order", factors=len(LETTERS), max_order=max_order)
        )
    y = runs[response].to_numpy(dtype=float)
    terms = [
        "".join(c) for r in range(1, len(LETTERS) + 1) for c in itertools.combinations(LETTERS, r)
    ]
    contrasts = np.stack([np.prod(x[:, [LETTERS.index(f) for f in w]], axis=1) for w in terms])
    _, group = np.unique(contrasts, axis=0, return_inverse=True)
    rows, seen = [], set()
    for term, g, c in zip(terms, group.ravel(), contrasts, strict=True):
        if len(term) > max_order or g in seen or (c == c[0]).all():  # aliased with I
            continue
        seen.add(g)
        aliases = [w for w, h in zip(terms, group.ravel(), strict=True) if h == g and w != term]
        effect = y[c == 1].mean() - y[c == -1].mean()
        rows.append((term, _name(term), float(effect), " = ".join(aliases)))
    return pd.DataFrame(rows, columns=["term", "name", "effect", "aliases"])


def lenth_pse(effects: np.ndarray) -> float:
    """Lenth's pseudo standard error of unreplicated effects.

    s₀ = 1.5·median|cⱼ|; PSE = 1.5·median{|cⱼ| : |cⱼ| < 2.5·s₀}
    (Lenth 1989, Technometrics 31(4):469-473).
    """
    a = np.abs(np.asarray(effects, dtype=float))
    s0 = 1.5 * np.median(a)
    return float(1.5 * np.median(a[a < 2.5 * s0]))


@dataclass(frozen=True)
class HelicopterResult:
    """One designed experiment on the paper helicopter.

    Attributes:
        design_name: a key of :data:`DESIGNS`, or "custom".
        generators: the generators used ({} for a full factorial).
        runs: one row per flight in the order flown: ``run`` (1, 2, ...),
            ``std_order``, ``replicate``, the coded factors A-E and
            ``flight_time_s``.
        effects: from :func:`estimate_effects` (two-factor interactions at most).
        resolution: from :func:`resolution`.
        model: the true model used.
        prediction: the factor letter the learner expected to matter most.
    """

    design_name: str
    generators: dict[str, str]
    runs: pd.DataFrame
    effects: pd.DataFrame
    resolution: int | None
    model: HelicopterModel
    prediction: str | None

    def run_sheet(self) -> pd.DataFrame:
        """The runs in flying order with the settings in words (for the bench)."""
        sheet = self.runs[["run"]].copy()
        for f, factor in FACTORS.items():
            high, low = t(f"simulations.helicopter.high_{f}"), t(f"simulations.helicopter.low_{f}")
            sheet[factor.name] = np.where(self.runs[f] > 0, high, low)
        return sheet

    def compare_prediction(self) -> str:
        """The learner's prediction beside the largest estimated effect."""
        top = self.effects.loc[self.effects["effect"].abs().idxmax()]
        short = [a for a in top["aliases"].split(" = ") if a and len(a) <= 2]
        aliased = (
            " " + t("simulations.helicopter.aliased", aliases=" = ".join(short)) if short else ""
        )
        found = t(
            "simulations.helicopter.found_longer"
            if top["effect"] > 0
            else "simulations.helicopter.found_shorter",
            name=top["name"],
            term=top["term"],
            aliased=aliased,
            effect=top["effect"],
        )
        if self.prediction is None:
            return t("simulations.helicopter.no_prediction", found=found)
        return t(
            "simulations.helicopter.predicted_right"
            if top["term"] == self.prediction
            else "simulations.helicopter.predicted",
            name=t(f"simulations.helicopter.factor_{self.prediction}"),
            letter=self.prediction,
            found=found,
        )


def run_design(
    design_name: str | Mapping[str, str] = "half",
    *,
    replicates: int = 1,
    noise_sd: float | None = None,
    model: HelicopterModel = DEFAULT_MODEL,
    randomise: bool = True,
    seed: int | None = None,
    prediction: str | None = None,
) -> HelicopterResult:
    """Fly every run of a design, in random order, and estimate the effects.

    Args:
        design_name: "full", "half" or "quarter" (:data:`DESIGNS`), or a
            mapping of generators such as ``{"D": "ABC", "E": "BC"}``.
        replicates: how many times each design point is flown.
        noise_sd: chance variation of a flight, seconds; None uses the
            model's, 0 gives exact times.
        model: the true flight-time model.
        randomise: fly in random order (BHH ch. 4 and 5, randomisation guards
            against drifts such as a tiring timekeeper); False flies in
            standard order.
        seed: seed for :func:`numpy.random.default_rng` (run order and noise).
        prediction: the factor (letter or name) expected to matter most.

    Returns:
        The runs, the effect estimates and the design's resolution.
    """
    if isinstance(design_name, str):
        if design_name not in DESIGNS:
            raise InputError(
                t(
                    "simulations.error.helicopter_design",
                    design=design_name,
                    designs=", ".join(DESIGNS),
                )
            )
        name, gens = design_name, DESIGNS[design_name]
    else:
        name, gens = "custom", dict(design_name)
    if not 1 <= replicates <= 10:
        raise InputError(t("simulations.error.helicopter_replicates", replicates=replicates))
    noise = model.noise_sd if noise_sd is None else noise_sd
    if not (np.isfinite(noise) and noise >= 0):
        raise InputError(t("simulations.error.helicopter_noise_sd", noise_sd=noise))
    rng = np.random.default_rng(seed)
    points = design(gens)
    runs = pd.concat([points.assign(replicate=r + 1) for r in range(replicates)], ignore_index=True)
    if randomise:
        runs = runs.iloc[rng.permutation(len(runs))].reset_index(drop=True)
    runs.insert(0, "run", np.arange(1, len(runs) + 1))
    runs["flight_time_s"] = flight_times(runs, model, noise, rng)
    return HelicopterResult(
        design_name=name,
        generators=_check_generators(gens),
        runs=runs,
        effects=estimate_effects(runs),
        resolution=resolution(gens),
        model=model,
        prediction=_factor_letter(prediction),
    )


def _factor_letter(prediction: str | None) -> str | None:
    """A factor letter from a letter or a factor name (None passes through)."""
    if prediction is None:
        return None
    text = prediction.strip()
    for letter, factor in FACTORS.items():
        if text.upper() == letter or text.lower() == factor.name:
            return letter
    names = ", ".join(f"{k} ({f.name})" for k, f in FACTORS.items())
    raise InputError(
        t("simulations.error.helicopter_prediction", factors=names, prediction=prediction)
    )


def _label(term: str, name: str, aliases: str) -> str:
    """Axis label of a term, with its aliases of order two or less."""
    short = [a for a in aliases.split(" = ") if a and len(a) <= 2]
    return f"{term} {name}" + (f" (= {' = '.join(short)})" if short else "")


def plot_effects(
    effects: pd.DataFrame,
    ax: Axes | None = None,
    *,
    kind: str = "bar",
    figsize: tuple[float, float] = (8, 4.5),
) -> Axes:
    """Effects plot: a sorted bar chart or a normal probability plot.

    Bar chart: horizontal bars, largest effect on top; negative effects are
    hatched as well as coloured, and each bar is labelled with its value.
    Normal plot (Daniel 1959, Technometrics 1:311-341; BHH ch. 5): the ordered
    effects against normal scores Φ⁻¹((i − 0.5)/m), each point labelled; the
    dashed line through the origin with slope Lenth's PSE is where pure noise
    would fall, so effects far from it are likely real. Positive effects are
    circles, negative squares.

    Args:
        effects: from :func:`estimate_effects` (e.g. ``result.effects``).
        ax: axes to draw on; when None a new figure is made.
        kind: "bar" or "normal".
        figsize: size in inches of a new figure.

    Returns:
        The axes drawn on.
    """
    if kind not in ("bar", "normal"):
        raise InputError(t("simulations.error.helicopter_plot_kind", kind=kind))
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    e = effects.assign(size=effects["effect"].abs()).sort_values("size", kind="stable")
    labels = [_label(w, n, a) for w, n, a in zip(e["term"], e["name"], e["aliases"], strict=True)]
    positive = e["effect"].to_numpy() > 0
    xlabel = t("simulations.helicopter.x_label")
    if kind == "bar":
        y = np.arange(len(e))
        for mask, hatch, colour, label in (
            (positive, "", OKABE_ITO["blue"], t("simulations.helicopter.legend_longer")),
            (~positive, "////", OKABE_ITO["orange"], t("simulations.helicopter.legend_shorter")),
        ):
            ax.barh(
                y[mask],
                e["effect"].to_numpy()[mask],
                color=colour,
                hatch=hatch,
                edgecolor="#1A1A1A",
                lw=0.6,
                label=label,
            )
        for yi, v in zip(y, e["effect"], strict=True):
            ax.text(
                v, yi, f" {v:+.3f} ", va="center", ha="left" if v >= 0 else "right", fontsize=FONT
            )
        ax.axvline(0, color="#000000", lw=1)
        ax.set_yticks(y, labels, fontsize=FONT)
        ax.set_xlabel(xlabel, fontsize=LABEL_FONT)
        ax.margins(x=0.25)
        title = t("simulations.helicopter.title_bar")
    else:
        e = e.sort_values("effect", kind="stable")
        m = len(e)
        z = norm.ppf((np.arange(1, m + 1) - 0.5) / m)
        v = e["effect"].to_numpy()
        for mask, marker, colour, label in (
            (v > 0, "o", OKABE_ITO["blue"], t("simulations.helicopter.legend_positive")),
            (v <= 0, "s", OKABE_ITO["orange"], t("simulations.helicopter.legend_negative")),
        ):
            ax.plot(
                v[mask],
                z[mask],
                ls="none",
                marker=marker,
                ms=7,
                color=colour,
                mec="#1A1A1A",
                mew=0.6,
                label=label,
            )
        for vi, zi, term in zip(v, z, e["term"], strict=True):
            ax.annotate(
                term,
                (vi, zi),
                xytext=(5, 0),
                textcoords="offset points",
                va="center",
                fontsize=FONT,
            )
        pse = lenth_pse(v)
        ax.plot(
            pse * z[[0, -1]],
            z[[0, -1]],
            color="#333333",
            ls="--",
            lw=1,
            label=t("simulations.helicopter.legend_noise", pse=pse),
        )
        ax.set_xlabel(xlabel, fontsize=LABEL_FONT)
        ax.set_ylabel(t("simulations.helicopter.normal_score"), fontsize=LABEL_FONT)
        title = t("simulations.helicopter.title_normal")
    ax.set_title(title, fontsize=TITLE_FONT, loc="left")
    ax.tick_params(labelsize=FONT)
    ax.legend(fontsize=FONT, loc="lower right")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return ax
