"""Interactive front ends (ipywidgets) for the Academy's tools.

Each module here is a thin wrapper: the logic lives in tested, pure functions
elsewhere in :mod:`academy`, and the widget only collects input, calls them and
shows the result. Labels come from the strings table (:mod:`academy.i18n`), so
every tool can be shown in English or Welsh. Every widget draws a meaningful
first state when it is built, so a saved notebook shows a real result on the
static website, where no Python runs.
"""

from academy.widgets.language import language_switch as language_switch
