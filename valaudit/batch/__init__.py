"""Batch audits: every audit folder under one root, in parallel, summed up as a portfolio.

The flow mirrors the single-folder pipeline, one level up:

- :mod:`~valaudit.batch.discover` finds the folders (sorted, hidden and escaping links skipped);
- :mod:`~valaudit.batch.task` audits one folder (through :func:`valaudit.api.audit_folder`,
  in :mod:`~valaudit.batch.pipeline`) and returns one small picklable row;
- :mod:`~valaudit.batch.executors` runs that task in-process, on a local process pool or on a
  Dask cluster, streaming rows back as they complete;
- :mod:`~valaudit.batch.portfolio` sorts the rows and adds the totals;
- :mod:`~valaudit.batch.render` turns the portfolio into text, JSON, Markdown, CSV or XLSX.

:func:`valaudit.api.run_batch` runs these steps. Nothing here prints or exits: the ``batch``
command in :mod:`valaudit.cli` does that.
"""
