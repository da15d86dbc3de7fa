"""Hypothesis profiles for the reader property tests.

``ci`` (the default) keeps the whole suite fast: a few dozen examples per property, enough to
catch regressions in the cases Hypothesis has already learnt (it replays its database first).
``long`` is the hunt for new bugs, at least 10,000 examples per reader:

    python -m pytest tests/load tests/validate/test_properties.py --hypothesis-profile=long

``HYPOTHESIS_PROFILE=long`` selects it too (for runs through tools that hide pytest options).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

#: Examples per property in the default run.
CI_EXAMPLES = 25
#: Examples per property in the long run: "at least 10,000 per reader".
LONG_EXAMPLES = 10_000

settings.register_profile(
    "ci",
    max_examples=CI_EXAMPLES,
    # Readers write and read real files; timings vary too much on shared CI runners for a
    # per-example deadline to mean anything.
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile(
    "long",
    max_examples=LONG_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
