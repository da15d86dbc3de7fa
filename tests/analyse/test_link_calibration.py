"""Seeded calibration of the link rule: the levels bench/link_calibration.py shows over 1,000
links per cell, guarded on 200.

With 200 links a share near 5% has a standard error of about 1.5 points, near 80% about 2.8;
the checks allow two of them: ``converting`` on independent noise at most 5% + 3, a conversion
of the stated size found in at least 80% − 6 with 48 segments. The confounded cell documents
the limit: a common shock per segment is called ``converting`` in far more than 5% of links.
"""

from __future__ import annotations

import pytest

from bench.link_calibration import TRUTHS, tally
from valaudit.model.links import LinkStatus

LINKS = 200
NOISE, HALF, STATED, CONFOUNDED = TRUTHS


def share(truth, segments: int, status: LinkStatus) -> float:  # type: ignore[no-untyped-def]
    return tally(truth, segments, LINKS, seed=2027)[status] / LINKS


@pytest.mark.slow
@pytest.mark.parametrize("segments", [12, 48])
def test_independent_noise_is_rarely_called_converting(segments: int) -> None:
    assert share(NOISE, segments, LinkStatus.CONVERTING) <= 0.05 + 0.03


@pytest.mark.slow
def test_a_conversion_of_the_stated_size_is_found() -> None:
    assert share(STATED, 48, LinkStatus.CONVERTING) >= 0.80 - 0.06


@pytest.mark.slow
def test_the_stated_conversion_is_rarely_called_not_converting() -> None:
    assert share(STATED, 24, LinkStatus.NOT_CONVERTING) <= 0.05 + 0.03


@pytest.mark.slow
def test_confounded_segments_are_the_documented_limit() -> None:
    # No conversion at all, yet a shock common to both sides looks like one.
    assert share(CONFOUNDED, 48, LinkStatus.CONVERTING) >= 0.5
