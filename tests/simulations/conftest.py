"""Shared fixtures for the simulation tests: a non-interactive backend and figure clean-up."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every figure a test made."""
    yield
    plt.close("all")
