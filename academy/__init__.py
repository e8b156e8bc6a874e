"""The Academy's teaching library.

Lessons import this package for the statistical process control (SPC) engine
(:mod:`academy.spc`) and, as they land, the PDSA log, simulations, widgets and
data loaders. Logic lives in small pure functions; widgets are thin wrappers.
"""

__version__ = "0.1.0"

from academy.i18n import set_language

__all__ = ["__version__", "set_language"]
