"""Settings shared by the tests.

Property tests (hypothesis) draw new random examples on each run on a developer's
machine, where a new failure is a find. In CI (``CI`` set, as ``.ci/run`` runs)
they are derandomised: the examples follow from each test's code, so a run of
main can be repeated exactly and never fails by chance. A failure found locally
becomes a fixed example (``@example``) or a fix before it lands.
"""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
