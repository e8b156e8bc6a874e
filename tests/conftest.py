"""Settings and fixtures shared by the tests.

Property tests (hypothesis) draw new random examples on each run on a developer's
machine, where a new failure is a find. In CI (``CI`` set, as ``.ci/run`` runs)
they are derandomised: the examples follow from each test's code, so a run of
main can be repeated exactly and never fails by chance. A failure found locally
becomes a fixed example (``@example``) or a fix before it lands.
"""

import os

import pytest
from hypothesis import settings

from academy import i18n

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _tools_in_english_afterwards():
    """Every test leaves the tools in English, whatever language it switched to."""
    yield
    i18n.set_language("en")


@pytest.fixture
def in_welsh() -> None:
    """The tools in Welsh for this test (``pytestmark = pytest.mark.usefixtures("in_welsh")``)."""
    i18n.set_language("cy")
