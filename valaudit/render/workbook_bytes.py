"""Saving an openpyxl workbook so that its bytes depend only on what is in it.

openpyxl stamps the time of saving into the document properties and into every zip
entry, so two saves of the same workbook differ. Every workbook valaudit writes (the board
pack, the batch portfolio, the ``init`` template) goes through here instead. Entries are
copied through a small buffer, never read whole: a 10,000-folder portfolio sheet is 13 MB
of XML.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from typing import Any

#: Zip entries get this timestamp: the earliest a zip entry can hold.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def reproducible_workbook(workbook: Any, when: dt.datetime) -> bytes:
    """The workbook's bytes, with its created/modified dates set to ``when`` and fixed zip
    entry timestamps (entries keep openpyxl's own, stable order)."""
    from openpyxl.xml.functions import tostring

    buffer = io.BytesIO()
    workbook.save(buffer)
    # Saving stamps the time of day on "modified": set both dates after the save.
    workbook.properties.created = when
    workbook.properties.modified = when
    core_properties = tostring(workbook.properties.to_tree())
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            if entry.filename == "docProps/core.xml":
                target.writestr(info, core_properties)
                continue
            with source.open(entry) as content, target.open(info, "w") as copy:
                shutil.copyfileobj(content, copy)
    return out.getvalue()
