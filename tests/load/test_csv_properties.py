"""Property tests for the CSV reader: generated tables in every dialect read back exactly.

Each example writes a table (random delimiter, encoding, quoting, line ends, number and
period formats, header case, title and blank rows, junk cells) and reads it through the real
reader and table checks; the observations must be the table, and each junk cell an error at
its own row and column. The same table written long and wide must read the same.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.load.tables import (
    KpiTable,
    assert_located,
    check_read_back,
    csv_dialects,
    kpi_tables,
    read_back,
    styles,
    write_csv,
)
from valaudit.validate.folder import validate_folder


@given(
    data=st.data(),
    table=kpi_tables(),
    layout=st.sampled_from(["long", "wide"]),
    mapped=st.booleans(),
)
def test_csv_reads_back_what_was_written(
    data: st.DataObject, table: KpiTable, layout: str, mapped: bool
) -> None:
    style = data.draw(styles(table))
    dialect = data.draw(csv_dialects())
    with tempfile.TemporaryDirectory() as folder:
        written = write_csv(Path(folder) / "kpis.csv", table, layout, style, dialect)
        check_read_back(table, written, read_back(written, mapped=mapped))


@given(data=st.data(), table=kpi_tables(junk=False))
def test_csv_long_and_wide_read_the_same(data: st.DataObject, table: KpiTable) -> None:
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for layout in ("long", "wide"):
            style = data.draw(styles(table))
            dialect = data.draw(csv_dialects())
            written = write_csv(Path(folder) / f"{layout}.csv", table, layout, style, dialect)
            back = read_back(written)
            assert back.failure is None
            results.append({key: value for key, (value, _, _) in back.observations.items()})
    assert results[0] == results[1] == table.values


#: Pieces CSV files are made of, so that random files look like broken tables rather than noise.
_FRAGMENTS = st.sampled_from(
    [
        "period",
        "kpi",
        "value",
        "segment",
        "adoption_pct",
        "2025-03",
        "2025Q1",
        "Mar 2025",
        "1,234.5",
        "12%",
        "(3)",
        "#N/A",
        "nan",
        "inf",
        "1e308",
        "-",
        ",",
        ";",
        "\t",
        "|",
        '"',
        '""',
        "\n",
        "\r\n",
        "\r",
        " ",
        "\x00",
        "é",
        "\ufeff",
        "\x1b[31m",
        "0",
        "99999999999",
    ]
)
csv_texts = st.lists(_FRAGMENTS, max_size=60).map("".join)

THESIS = """valaudit: 1
initiative: {name: Fuzz, type: ai, go_live: 2025-01-01}
data:
  - {path: kpis.csv, layout: LAYOUT}
kpis:
  - {id: adoption_pct, stage: adoption, direction: up, target: 80}
"""


@given(
    content=st.one_of(
        csv_texts.map(lambda t: t.encode("utf-8")),
        csv_texts.map(lambda t: t.encode("utf-16")),
        st.binary(max_size=300),
    ),
    layout=st.sampled_from(["long", "wide"]),
)
def test_broken_csv_never_raises_and_every_problem_is_located(content: bytes, layout: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "valaudit.yaml").write_text(THESIS.replace("LAYOUT", layout), encoding="utf-8")
        (root / "kpis.csv").write_bytes(content)
        result = validate_folder(str(root))
    assert_located(result.problems)
