"""A drawing area measured in inches, shared by the builders' figures.

The builders lay their boxes out in inches so that text keeps its size; the
axes' data units are therefore inches of the figure, with y running downwards.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.axes import Axes


def inch_canvas(ax: Axes | None, width: float, height: float) -> Axes:
    """Axes whose data units are inches of a ``width`` × ``height`` figure, y downwards, no frame.

    With ``ax`` None a new figure of that size is made (with pyplot, so notebooks show it).
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(width, height))
        ax.set_position((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.axis("off")
    return ax
