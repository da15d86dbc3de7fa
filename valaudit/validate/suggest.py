"""Nearest-name suggestions for typos ("direciton" -> "direction")."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def nearest(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to ``word``, if one is close enough to be a likely typo."""
    options = list(candidates)
    lowered = {option.lower(): option for option in options}
    if word.lower() in lowered:
        return lowered[word.lower()]
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def did_you_mean(
    word: str, candidates: Iterable[str], *, list_all: bool = True, noun: str = "names"
) -> str | None:
    """A ready-to-show hint, or None.

    With no close match, a short list of the candidates is shown when they are the valid
    names at that place (``list_all``); candidates that are merely found elsewhere (labels
    in the data) are only ever offered as a close match.
    """
    options = list(candidates)
    match = nearest(word, options)
    if match is not None:
        return f"Did you mean '{match}'?"
    if list_all and options and len(options) <= 12:
        return f"Valid {noun} here: " + ", ".join(sorted(options)) + "."
    return None
