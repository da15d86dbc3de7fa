"""Reading and checking a thesis file: YAML, then schema, then the rules a schema cannot say.

Returns the typed :class:`Thesis` only when every check passed, plus all problems found,
each located by YAML line and key path.
"""

from __future__ import annotations

from dataclasses import dataclass

from valaudit import limits
from valaudit.errors import Problem, ProblemLog
from valaudit.load.paths import THESIS_SUFFIXES, UserPath
from valaudit.load.yaml_file import FileTooLarge, YamlFile, read_yaml_file
from valaudit.load.yaml_reader import YamlDocument
from valaudit.model.thesis import Thesis
from valaudit.validate.thesis_rules import ThesisBuilder, reference_problems
from valaudit.validate.thesis_schema import schema_problems


@dataclass(frozen=True)
class ThesisCheck:
    """The outcome of reading one thesis file."""

    file: str
    thesis: Thesis | None
    document: YamlDocument | None


def check_thesis_file(
    file: UserPath, read: YamlFile | None = None
) -> tuple[ThesisCheck, list[Problem]]:
    """Read and check one thesis file; never raises for anything the user wrote.

    ``read`` is the file as read already (by the sheet prefetch), when it was.
    """
    log = ProblemLog()
    display = file.shown
    path = file.path
    if path.suffix.lower() not in THESIS_SUFFIXES and path.exists():
        log.error(
            "not_a_thesis",
            f"'{path.name}' is not a thesis: valaudit reads an audit folder's valaudit.yaml.",
            display,
            hint="Give the audit folder, or its valaudit.yaml file. Data files are named inside "
            "the thesis, under data:.",
        )
        return ThesisCheck(display, None, None), log.sorted()
    if read is None:
        read = _read_thesis(file, log)
        if read is None:
            return ThesisCheck(display, None, None), log.sorted()
    if not read.encoding.is_unicode:
        log.warning(
            "encoding",
            "The thesis is not UTF-8; it was read as Windows-1252 (Western European).",
            display,
            hint="Save it as UTF-8 to be sure accented names read correctly.",
        )
    log.extend(read.problems)
    document = read.document
    if document is None:
        return ThesisCheck(display, None, None), log.sorted()
    if not isinstance(document.data, dict):
        log.error(
            "not_a_thesis",
            "The file holds a single value or a list, not a thesis (a block of keys such as "
            "'valaudit: 1', 'initiative:', 'kpis:').",
            display,
            line=1,
            hint="Start from a template: valaudit init FOLDER.",
        )
        return ThesisCheck(display, None, document), log.sorted()
    schema = schema_problems(document, display)
    log.extend(schema)
    if schema or log.has_errors:
        reference_problems(document, display, log)
        return ThesisCheck(display, None, document), log.sorted()
    builder = ThesisBuilder(document, display, path.parent, log)
    thesis = builder.build()
    if log.has_errors:
        return ThesisCheck(display, None, document), log.sorted()
    return ThesisCheck(display, thesis, document), log.sorted()


def _read_thesis(file: UserPath, log: ProblemLog) -> YamlFile | None:
    """The thesis as read, or None with the reason logged."""
    display = file.shown
    try:
        return read_yaml_file(file, limits.MAX_THESIS_BYTES)
    except FileTooLarge as error:
        log.error(
            "file_too_large",
            f"The thesis is {error.size:,} bytes; a thesis is at most "
            f"{limits.MAX_THESIS_BYTES:,} bytes.",
            display,
            hint="Is this the right file? A thesis is a short YAML document.",
        )
    except FileNotFoundError:
        log.error(
            "file_not_found",
            "The thesis file does not exist.",
            display,
            hint="Give a folder that holds valaudit.yaml, or the path of the YAML file.",
        )
    except IsADirectoryError:
        log.error("file_unreadable", "Expected a thesis file but found a folder.", display)
    except OSError as error:
        log.error("file_unreadable", f"The thesis cannot be read: {error.strerror}.", display)
    return None
