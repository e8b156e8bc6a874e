"""Classic improvement-science simulations, as pure seeded functions and figures.

Each module runs one teaching exercise and returns plain dataclasses and pandas
tables; a separate ``plot_*`` function draws its figure with the object-oriented
matplotlib API. Every run takes a ``seed`` and is reproducible. Where the learner
predicts first, the run takes a ``prediction`` and the result's
``compare_prediction()`` sets it beside the outcome in a sentence.

- :mod:`academy.simulations.red_beads`: Deming's red bead experiment.
- :mod:`academy.simulations.funnel_experiment`: Deming's funnel, rules 1 to 4.
- :mod:`academy.simulations.potato_head`: a virtual Mr Potato Head PDSA game.
- :mod:`academy.simulations.helicopter`: paper helicopter factorial experiments.
"""
