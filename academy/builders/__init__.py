"""Builders for improvement tools: driver diagram, fishbone and measurement plan.

Each builder is a set of dataclasses plus small pure functions: ``*_from_dict``
checks plain data and names the field path of any mistake, ``save_*`` and
``load_*`` keep a JSON file (written atomically, with a schema version; see
:mod:`academy.builders.storage`), ``*_outline`` describes the content in words
and ``plot_*`` draws a labelled figure that reads without colour. Widgets are
thin front ends over these functions.
"""

from academy.builders.driver_diagram import (
    ChangeIdea,
    DriverDiagram,
    PrimaryDriver,
    SecondaryDriver,
    driver_diagram_from_dict,
    driver_diagram_outline,
    driver_diagram_to_dict,
    load_driver_diagram,
    plot_driver_diagram,
    save_driver_diagram,
)
from academy.builders.fishbone import (
    HEALTHCARE_CATEGORIES,
    SIX_MS,
    Category,
    Cause,
    Fishbone,
    fishbone_from_dict,
    fishbone_outline,
    fishbone_to_dict,
    load_fishbone,
    new_fishbone,
    plot_fishbone,
    save_fishbone,
)
from academy.builders.measurement_plan import (
    MEASURE_TYPES,
    Measure,
    MeasurementPlan,
    data_dictionary_markdown,
    export_data_dictionary,
    family_gaps,
    load_plan,
    neutralise_cell,
    plan_from_dict,
    plan_to_dict,
    plot_measurement_plan,
    save_plan,
    to_data_dictionary,
)

__all__ = [
    "HEALTHCARE_CATEGORIES",
    "MEASURE_TYPES",
    "SIX_MS",
    "Category",
    "Cause",
    "ChangeIdea",
    "DriverDiagram",
    "Fishbone",
    "Measure",
    "MeasurementPlan",
    "PrimaryDriver",
    "SecondaryDriver",
    "data_dictionary_markdown",
    "driver_diagram_from_dict",
    "driver_diagram_outline",
    "driver_diagram_to_dict",
    "export_data_dictionary",
    "family_gaps",
    "fishbone_from_dict",
    "fishbone_outline",
    "fishbone_to_dict",
    "load_driver_diagram",
    "load_fishbone",
    "load_plan",
    "neutralise_cell",
    "new_fishbone",
    "plan_from_dict",
    "plan_to_dict",
    "plot_driver_diagram",
    "plot_fishbone",
    "plot_measurement_plan",
    "save_driver_diagram",
    "save_fishbone",
    "save_plan",
    "to_data_dictionary",
]
