"""Series per KPI: the one grouped pass gives what each KPI's own aggregation gives."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from valaudit.analyse.series import Series, aggregate_series, group_series
from valaudit.load.periods import period_index, period_label

KPIS = ("a", "b", "c")
SEGMENTS = ("", "east", "west")


def observations(rows: list[tuple[int, int, int, float]]) -> pd.DataFrame:
    """A frame shaped as the loader's: (kpi, segment, month offset, value) per row."""
    months = [m for _, _, m, _ in rows]
    periods = pd.to_datetime([f"{2020 + m // 12}-{m % 12 + 1:02d}-01" for m in months])
    return pd.DataFrame(
        {
            "kpi": pd.Categorical([KPIS[k] for k, _, _, _ in rows], categories=[*KPIS, "unused"]),
            "segment": pd.Categorical([SEGMENTS[s] for _, s, _, _ in rows], categories=SEGMENTS),
            "period": periods,
            "value": np.array([v for _, _, _, v in rows], dtype=np.float64),
            "source": np.zeros(len(rows), dtype=np.int64),
            "row": np.arange(2, len(rows) + 2),
            "period_number": np.array(
                [period_index(p.date(), "M") for p in periods], dtype=np.int64
            ),
        }
    )


def same(left: Series, right: Series) -> None:
    assert left.starts == right.starts
    assert left.positions.tolist() == right.positions.tolist()
    # Bit for bit: the reports must not change by a last digit.
    assert left.values.tobytes() == right.values.tobytes()
    assert left.segments == right.segments
    assert left.incomplete == right.incomplete


row = st.tuples(
    st.integers(0, len(KPIS) - 1),
    st.integers(0, len(SEGMENTS) - 1),
    st.integers(0, 30),
    st.sampled_from([0.1, 0.2, 0.3, -0.0, 1.1e7, -1.1e7, 3.3])
    | st.floats(-1e6, 1e6, allow_nan=False).map(lambda v: round(v, 3)),
)


@given(st.lists(row, max_size=80), st.sampled_from(["mean", "sum"]), st.booleans())
def test_grouped_series_equal_each_kpis_own(
    rows: list[tuple[int, int, int, float]], aggregate: str, in_period_order: bool
) -> None:
    """Bit for bit, whether the rows come in period order (pandas then sums a group with
    numpy's reduceat) or not (compensated summation)."""
    frame = observations(sorted(rows, key=lambda r: r[2]) if in_period_order else rows)
    grouped = group_series(frame, dict.fromkeys(KPIS, (aggregate, "M")))
    for kpi in KPIS:
        rows_of_kpi = frame.loc[frame["kpi"] == kpi]
        own = aggregate_series(rows_of_kpi, aggregate, "M")
        assert grouped.segments.get(kpi, ()) == own.segments
        if len(rows_of_kpi):
            same(grouped.series[kpi], own)
        else:
            assert kpi not in grouped.series


def test_a_sum_leaves_out_periods_a_segment_misses_as_each_kpi_alone_does() -> None:
    rows = [(0, 1, 0, 1.0), (0, 2, 0, 2.0), (0, 1, 1, 3.0), (1, 1, 1, 0.1), (1, 1, 1, 0.2)]
    frame = observations(rows)
    grouped = group_series(frame, {"a": ("sum", "M"), "b": ("sum", "M")})
    assert grouped.series["a"].incomplete == ("2020-02",)
    assert grouped.series["a"].values.tolist() == [3.0]
    assert grouped.series["b"].values.tolist() == [0.1 + 0.2]
    assert grouped.segments == {"a": ("east", "west"), "b": ("east",)}


def test_last_and_unknown_kpis_are_left_to_their_own_rows() -> None:
    frame = observations([(0, 0, 0, 1.0), (1, 0, 0, 2.0)])
    grouped = group_series(frame, {"a": ("last", "M"), "b": ("mean", "M"), "z": ("mean", "M")})
    assert set(grouped.series) == {"b"}


@given(
    st.lists(st.dates(dt.date(1900, 1, 1), dt.date(2199, 12, 31)), min_size=1, max_size=30),
    st.sampled_from(["D", "W", "M", "Q", "Y"]),
)
def test_grouped_series_count_periods_as_period_index_does(
    days: list[dt.date], granularity: str
) -> None:
    """Starts and period counters of the grouped series are those of ``period_index`` on
    each start, whatever the period length (before 1970 and Monday-less weeks included)."""
    starts = sorted(set(days))
    frame = pd.DataFrame(
        {
            "kpi": pd.Categorical(["a"] * len(starts)),
            "segment": pd.Categorical([""] * len(starts)),
            "period": np.array(starts, dtype="datetime64[D]").astype("datetime64[s]"),
            "value": np.ones(len(starts)),
            "period_number": np.array([d.toordinal() for d in starts], dtype=np.int64),
        }
    )
    series = group_series(frame, {"a": ("mean", granularity)}).series["a"]
    assert series.starts == tuple(starts)
    assert series.positions.tolist() == [period_index(d, granularity) for d in starts]


@given(
    starts=st.lists(
        st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
        max_size=500,
    ),
)
def test_a_series_labels_its_periods_by_its_own_granularity(starts: list[dt.date]) -> None:
    """The same starts labelled as months, quarters, weeks, years and days, in turn (labels
    of short series are remembered across series: by their granularity too)."""
    for granularity in ("M", "Q", "W", "Y", "D"):
        series = Series(
            granularity,
            tuple(starts),
            np.arange(len(starts)),
            np.zeros(len(starts)),
            (),
        )
        assert series.labels() == [period_label(start, granularity) for start in starts]
