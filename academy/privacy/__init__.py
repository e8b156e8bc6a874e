"""Keeping patient-identifiable data out of the Academy's charts and exports.

:func:`check_not_identifiable` refuses a table whose columns look like NHS
numbers, hospital numbers, dates of birth, full postcodes or personal names
(:mod:`academy.privacy.identifiers`). :func:`suppress_small_counts` hides counts
from 1 to 4 in tables meant for sharing (:mod:`academy.privacy.suppression`).
PRIVACY.md, at the top of the repository, says what the courseware processes
and where, and how to handle identifiable data.
"""

from academy.privacy.identifiers import (
    IdentifiableDataError,
    IdentifierColumn,
    check_not_identifiable,
    find_identifiers,
    is_valid_nhs_number,
)
from academy.privacy.suppression import suppress_chart_points, suppress_small_counts

__all__ = [
    "IdentifiableDataError",
    "IdentifierColumn",
    "check_not_identifiable",
    "find_identifiers",
    "is_valid_nhs_number",
    "suppress_chart_points",
    "suppress_small_counts",
]
