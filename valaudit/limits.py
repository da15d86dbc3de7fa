"""Resource limits that keep hostile or broken inputs from hanging or exhausting a machine.

Each limit is far above what a real thesis or KPI extract needs; docs/security.md lists them.
"""

#: A thesis is a short hand-written document; anything larger is not one.
MAX_THESIS_BYTES = 1 * 1024 * 1024
#: An answers file (``scorecard --answers``) is a few dozen short lines.
MAX_ANSWERS_BYTES = 100_000
#: Values a thesis may expand to after YAML aliases (stops "billion laughs").
MAX_YAML_NODES = 100_000
#: Nesting depth of a thesis (the format itself needs 4).
MAX_YAML_DEPTH = 32
#: Tables a thesis may list (the schema's maxItems for data:); also read from a thesis that
#: failed its checks, so that its tables are still validated.
MAX_DATA_SOURCES = 200
#: Largest KPI table file read (CSV or XLSX, on disk).
MAX_TABLE_BYTES = 2 * 1024 * 1024 * 1024
#: Largest uncompressed size of one XLSX part, and the largest ratio of uncompressed to
#: compressed size (real sheets compress ~10-30x; zip bombs compress 1000x and more).
MAX_XLSX_PART_BYTES = 1024 * 1024 * 1024
MAX_XLSX_COMPRESSION_RATIO = 200
#: Cells longer than this are not KPI data; they are reported instead of processed.
MAX_CELL_CHARS = 10_000
#: Columns of a table: Excel's own limit (XFD). A wider header is a wrong delimiter or junk.
MAX_TABLE_COLUMNS = 16_384
#: Cells of one worksheet's used range (rows x columns from A1 to the last cell that holds a
#: value). The XLSX reader holds the whole range in memory, ~45 bytes a cell; all 1,048,576
#: rows of columns A-Z fit. One stray value in cell XFD1048576 would otherwise ask for 17
#: billion cells.
MAX_XLSX_CELLS = 30_000_000
#: Merged ranges listed by the sheet read. calamine lists every one, and Python holds each
#: as a few tuples (~200 bytes); real sheets merge a few header cells.
MAX_XLSX_MERGED_RANGES = 1_000_000
#: Rows searched for the header row before giving up (title rows above the header).
HEADER_SEARCH_ROWS = 30
#: Distinct KPI ids in the data beyond which the data cannot belong to a hand-written thesis
#: (more usually means the wrong column was mapped to kpi, or a long table read as wide).
MAX_DATA_KPIS = 10_000
#: KPI values and thesis numbers beyond this are refused: squares of larger numbers lose all
#: precision, and integers beyond floats crash arithmetic.
MAX_ABS_VALUE = 1e18
#: Dates one trajectory audits (``--trajectory``): 20 years of months, 7 years of weeks. More
#: is a daily series asked for every period; ``--every quarter`` or ``year`` says it better.
MAX_TRAJECTORY_POINTS = 400
#: Largest earlier report or portfolio read by ``--compare`` (a report of 50 KPIs with ten
#: years of months is about 2 MB).
MAX_COMPARE_BYTES = 32 * 1024 * 1024
#: Seconds one folder of a batch may take before it is stopped (``--folder-timeout``'s
#: default): far beyond what a real folder needs, short enough that a folder that hangs costs
#: the run minutes, not the night.
FOLDER_TIMEOUT_SECONDS = 600.0
