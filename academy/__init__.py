"""The Academy's teaching library.

Lessons import this package for the statistical process control (SPC) engine
(:mod:`academy.spc`), the PDSA log (:mod:`academy.pdsa`), the simulations
(:mod:`academy.simulations`), the builders (:mod:`academy.builders`), the
NEWS2 calculator, exercise checks (:mod:`academy.feedback`, :mod:`academy.quiz`)
and data loaders (:mod:`academy.data`, :mod:`academy.loaders`). Logic lives in
small pure functions; the ipywidgets front ends in :mod:`academy.widgets` are
thin wrappers, labelled from one strings table (:mod:`academy.i18n`).
"""

from academy.i18n import set_language

__version__ = "0.1.0"

__all__ = ["__version__", "set_language"]
