"""Accessibility parts shared by every tool: focus style, headings and announced messages.

What ipywidgets 8.1 gives, read in the bundle this project installs
(``jupyterlab_widgets`` 3.0.17, the view code of ``@jupyter-widgets/controls``):

- ``description`` is drawn as a ``<label>`` whose ``for`` names the input's ``id``
  on Text, Textarea, Dropdown, Select, SelectMultiple, IntText, FloatText (and
  the bounded ones) and DatePicker, so the visible label is also the accessible
  name. A Checkbox puts its input inside a ``<label>`` with the description.
  ``tooltip`` becomes a ``title`` on the input only when there is no
  description, and shows on hover alone, so nothing relies on it.
- RadioButtons name each radio by its option text, but the ``description``
  label is not tied to the group (no ``fieldset`` or ``radiogroup``): the tools
  put the question right before it, in words.
- ToggleButtons mark the chosen button only with a CSS class (no ``aria-pressed``),
  so a screen reader cannot tell which is chosen: the tools use a Dropdown instead.
- Button and FileUpload are ``<button>`` elements whose text is the description:
  every button has words, never an icon alone.
- The HTML widget sets its value as ``innerHTML`` without cleaning it, so
  ``role`` attributes and a ``<style>`` block reach the page. It offers no way
  to put attributes on its own element, so a live region is the element inside
  the value, made again at each change. An ``alert`` (a problem) is announced
  when it appears; a ``status`` that appears with its text is announced by some
  screen reader and browser pairs but not by all (a region present before the
  change would be surer, and ipywidgets 8.1 has no way to make one).
- Focus: the widget stylesheet sets ``outline: none !important`` on text boxes
  and lists and shows focus only as a 1 px border colour change; buttons get a
  1 px outline. :data:`FOCUS_CSS` draws a 3 px ring instead.
- Keys: in JupyterLab 4's command mode, the arrow and letter keys pressed on a
  closed drop-down list go to the notebook (it moves to another cell), because
  a ``<select>`` is not ``:read-write`` (ipywidgets issue #3912, open). Space
  opens the list, where the arrow keys and Enter work; tools with a list say so
  (:func:`tool`). Tab, Enter and Space on buttons and Space on check boxes work.

Standards: WCAG 2.2 (W3C Recommendation, 2023) success criteria 1.3.1 Info and
Relationships, 2.1.1 Keyboard, 2.4.6 Headings and Labels, 2.4.7 Focus Visible,
2.4.13 Focus Appearance (a ring at least 2 CSS px thick), 1.4.11 Non-text
Contrast (3:1), 4.1.2 Name, Role, Value and 4.1.3 Status Messages; techniques
ARIA19 (``role="alert"`` for errors) and ARIA22 (``role="status"``).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as widgets

from academy.i18n import PAGE_LANGUAGE, get_language, t

__all__ = [
    "FOCUS_COLOUR",
    "FOCUS_CSS",
    "HIDDEN_CLASS",
    "LANGUAGE_CLASS",
    "TOOL_CLASS",
    "announcer",
    "heading",
    "keyboard_help",
    "live",
    "option_help",
    "style_widget",
    "tool",
]

#: Class on every tool's outer box; the focus style is scoped to it.
TOOL_CLASS = "academy-tool"
#: Class on a tool built in a language other than the page's (English), e.g.
#: ``academy-lang-cy``. Widgets cannot carry a ``lang`` attribute themselves; the
#: site's widget script (``book/_ext/widgets-setup.js``) sets ``lang`` from this
#: class, so screen readers read the tool's Welsh words with Welsh pronunciation
#: (WCAG 2.2 SC 3.1.2 Language of Parts).
LANGUAGE_CLASS = "academy-lang-{}"
#: Class that hides a widget from view but keeps it for screen readers.
HIDDEN_CLASS = "academy-visually-hidden"
#: NHS Blue (NHS identity guidelines, colour palette): 6.4:1 against white, so the
#: ring passes the 3:1 of WCAG 2.2 SC 1.4.11. A white halo inside the ring keeps
#: that contrast on a dark theme too.
FOCUS_COLOUR = "#005EB8"
#: Thickness of the focus ring, CSS px (SC 2.4.13 asks for at least 2).
FOCUS_WIDTH_PX = 3

#: The tools' stylesheet. ``!important`` and a selector more specific than the
#: widget stylesheet's (three classes or pseudo-classes against its two and an
#: element) are needed to undo its ``outline: none !important``. A date box's
#: calendar button is a Tab stop of its own inside the box, where the box is
#: not ``:focus`` but ``:focus-within`` (seen in Chromium): it gets the ring too.
FOCUS_CSS = f"""
.{TOOL_CLASS} :is(button, input, select, textarea, [tabindex]):focus-visible,
.{TOOL_CLASS} input[type="date"]:focus-within {{
  outline: {FOCUS_WIDTH_PX}px solid {FOCUS_COLOUR} !important;
  outline-offset: 2px !important;
  box-shadow: 0 0 0 2px #FFFFFF !important;
}}
.{TOOL_CLASS} .{HIDDEN_CLASS} {{
  position: absolute !important;
  width: 1px !important;
  height: 1px !important;
  margin: -1px !important;
  padding: 0 !important;
  overflow: hidden !important;
  clip-path: inset(50%) !important;
  white-space: nowrap !important;
  border: 0 !important;
}}
""".strip()


def style_widget() -> widgets.HTML:
    """An HTML widget holding :data:`FOCUS_CSS`; it takes no room on the page."""
    return widgets.HTML(f"<style>{FOCUS_CSS}</style>", layout=widgets.Layout(display="none"))


def _has_list(widget: widgets.Widget) -> bool:
    """True when ``widget`` is or holds a Dropdown."""
    if isinstance(widget, widgets.Dropdown):
        return True
    return any(_has_list(child) for child in getattr(widget, "children", ()))


def _fit_buttons(widget: widgets.Widget) -> None:
    """Let every button be as wide as its words (ipywidgets cuts a long label short)."""
    if isinstance(widget, widgets.Button | widgets.FileUpload) and not widget.layout.width:
        widget.layout.width = "max-content"
    for child in getattr(widget, "children", ()):
        _fit_buttons(child)


def tool(children: Sequence[widgets.Widget]) -> widgets.VBox:
    """A tool's outer box: the stylesheet first, then ``children``, with :data:`TOOL_CLASS`.

    A tool with a drop-down list starts with a line on using it by keyboard.
    Buttons are made as wide as their words, so that no label is cut short.
    A tool built in Welsh also has the class ``academy-lang-cy``
    (:data:`LANGUAGE_CLASS`).

    >>> box = tool([widgets.Button(description="Run")])
    >>> TOOL_CLASS in box._dom_classes, len(box.children)
    (True, 2)
    >>> len(tool([widgets.Dropdown(options=["I", "MR"], description="Chart")]).children)
    3
    """
    help_line = [keyboard_help()] if any(_has_list(child) for child in children) else []
    for child in children:
        _fit_buttons(child)
    box = widgets.VBox([style_widget(), *help_line, *children])
    box.add_class(TOOL_CLASS)
    if get_language() != PAGE_LANGUAGE:
        box.add_class(LANGUAGE_CLASS.format(get_language()))
    return box


def option_help(pairs: Sequence[tuple[str, str]]) -> widgets.HTML:
    """What each option of the next list means, as words on the page (not a hover tooltip).

    >>> option_help([("Air", "breathing room air")]).value
    '<ul><li><strong>Air</strong>: breathing room air</li></ul>'
    """
    items = "".join(
        f"<li><strong>{html.escape(option)}</strong>: {html.escape(meaning)}</li>"
        for option, meaning in pairs
    )
    return widgets.HTML(f"<ul>{items}</ul>")


def keyboard_help() -> widgets.HTML:
    """How to move through a tool and change a drop-down list by keyboard, in words."""
    return widgets.HTML(
        f'<p class="academy-keyboard-help">{html.escape(t("accessibility.keyboard_help"))}</p>'
    )


def heading(text: str, level: int = 3) -> widgets.HTML:
    """A heading over a group of controls.

    The tools sit under a level-2 heading of their notebook, so their groups
    are level 3 and any parts of a group level 4.

    >>> heading("Your data").value
    '<h3>Your data</h3>'
    """
    return widgets.HTML(f"<h{level}>{html.escape(text)}</h{level}>")


def live(content: str, *, problem: bool = False) -> str:
    """Wrap HTML ``content`` so that screen readers announce it when it appears.

    A problem is an ``alert`` (read at once); anything else a polite ``status``.
    Empty content stays empty, so nothing is announced when a message is cleared.

    >>> live("<p>Saved.</p>")
    '<div role="status" aria-live="polite"><p>Saved.</p></div>'
    >>> live("<p>Not saved: no objective.</p>", problem=True)
    '<div role="alert"><p>Not saved: no objective.</p></div>'
    """
    if not content:
        return ""
    role = 'role="alert"' if problem else 'role="status" aria-live="polite"'
    return f"<div {role}>{content}</div>"


def announcer() -> widgets.HTML:
    """A visually hidden message line, for news that the page shows only as a picture or table."""
    widget = widgets.HTML()
    widget.add_class(HIDDEN_CLASS)
    return widget
