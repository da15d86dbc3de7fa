"""Reading the user's files: the thesis YAML and the KPI tables (CSV, XLSX).

Readers own the files: they open them, guard their size, decode them and say what is wrong
as :class:`~valaudit.errors.Issue` values (or a :class:`~valaudit.load.raw.TableReadError`
carrying one), never as text to be classified later. Nothing here imports the layers above
(validate, analyse, render, cli).

- ``paths``: what a command points at (:class:`~valaudit.load.paths.Target`), paths as
  opened and as shown (:class:`~valaudit.load.paths.UserPath`), the audit-folder fence.
- ``yaml_file``: the one reader of small hand-written YAML files (thesis, answers file).
- ``yaml_reader``: safe YAML text to plain values with the line of every key path;
  ``yaml_compose`` composes the text, in C where that is safe, with nesting bounded.
- ``data_sources``: the tables a thesis document names, read leniently.
- ``tables``: one entry point for a KPI table; ``csv_reader``, ``xlsx_reader`` (with
  ``xlsx_cells`` and ``xlsx_package``) behind it; ``raw``: the cells before meaning.
- ``numbers``, ``periods``: one cell's text as a number or a period.
- ``sheet_prefetch``: the first workbook sheet parsed while the rest of valaudit loads.
"""
