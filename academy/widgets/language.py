"""A language switch for the tools: English or Cymraeg (Welsh).

Every tool takes its labels and sentences from the strings table
(:mod:`academy.i18n`) when it is created, so the switch changes the language
of the tools created after it. A tool already on the page keeps its language:
run its cell again to see it in the other one. The switch says so, in the
language just chosen.

Each choice is labelled in its own language ("English", "Cymraeg") and the
switch is described in both ("Language / Iaith"), so a reader of either
language can find it.
"""

from __future__ import annotations

import ipywidgets as widgets

from academy.i18n import LANGUAGES, get_language, set_language, t, text

__all__ = ["language_switch"]


def language_switch() -> widgets.ToggleButtons:
    """Toggle buttons that set the tools' language (:func:`academy.i18n.set_language`).

    The buttons start on the language in use. Choosing one sets the language
    and changes the buttons' tooltip to a note, in that language, that tools
    created from now on use it and that a tool's cell must be run again to
    see that tool in it.

    >>> switch = language_switch()
    >>> switch.description
    'Language / Iaith'
    >>> switch.value = "cy"; get_language()
    'cy'
    >>> switch.value = "en"; get_language()
    'en'
    """
    switch = widgets.ToggleButtons(
        options=[(name, code) for code, name in LANGUAGES.items()],
        value=get_language(),
        description=" / ".join(text("common.language", code) for code in LANGUAGES),
        tooltips=[text("language.choose", code) for code in LANGUAGES],
        tooltip=t("language.note"),
        style={"description_width": "initial"},
    )

    def _chosen(change: dict[str, object]) -> None:
        set_language(str(change["new"]))
        switch.tooltip = t("language.note")

    switch.observe(_chosen, names="value")
    return switch
