"""The exception hierarchy users see.

Every error derives from :class:`SagsflowError` and also from the builtin it refines, so
``except ValueError`` keeps working for callers who do not know Sagsflow. Messages say what is
wrong, the value received, what is allowed and what to try; for bad input they name the file,
row/line and column.
"""

from __future__ import annotations

from dataclasses import dataclass


class SagsflowError(Exception):
    """Base class of every error raised by Sagsflow."""

    #: short machine-readable kind, used by the REST API's problem details
    kind: str = "sagsflow-error"

    def __init__(self, message: str, *, hint: str | None = None, field: str | None = None) -> None:
        self.message = message
        self.hint = hint
        self.field = field
        super().__init__(message if hint is None else f"{message}\n\n{hint}")

    def to_dict(self) -> dict[str, str | None]:
        """The problem-details body the API returns for this error."""
        return {"type": self.kind, "message": self.message, "hint": self.hint, "field": self.field}


class InvalidParameterError(SagsflowError, ValueError):
    """A parameter has a value outside what is allowed."""

    kind = "invalid-parameter"


class SchemaError(SagsflowError, ValueError):
    """Columns are missing, clash or have the wrong type."""

    kind = "schema-error"


class MappingError(SagsflowError, ValueError):
    """A mapping file is invalid or does not fit the source."""

    kind = "mapping-error"


@dataclass(frozen=True)
class Location:
    """Where in a source a problem is: file, 1-based row or line, and column.

    ``line`` is a line of a text file counting the header (CSV, XES); ``row`` a record of a table (Parquet, a
    query, an Excel sheet's row). Only one of them is shown, the line when both are set.

    Examples
    --------
    >>> str(Location(file="x.csv", line=3, column="tid"))
    "x.csv, line 3, column 'tid'"
    """

    file: str | None = None
    row: int | None = None
    column: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        parts = []
        if self.file:
            parts.append(str(self.file))
        if self.line is not None:
            parts.append(f"line {self.line}")
        elif self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)


class LogFormatError(SagsflowError, ValueError):
    """A source file cannot be read as an event log (bad values, malformed file, wrong encoding)."""

    kind = "log-format-error"

    def __init__(
        self,
        message: str,
        *,
        location: Location | None = None,
        hint: str | None = None,
    ) -> None:
        self.location = location or Location()
        where = str(self.location)
        super().__init__(f"{where}: {message}" if where else message, hint=hint,
                         field=self.location.column)


class UnsafeInputError(LogFormatError):
    """Input refused for safety: XML entities/DTDs, decompression bombs, files beyond the size limit."""

    kind = "unsafe-input"


class PseudonymisationKeyError(SagsflowError, PermissionError):
    """The mapping declares personal identifiers but no pseudonymisation key is available."""

    kind = "missing-key"


class NotFoundError(SagsflowError, KeyError):
    """A workspace, log, mapping or other named object does not exist."""

    kind = "not-found"

    def __str__(self) -> str:  # KeyError would quote the message
        return Exception.__str__(self)


class AlreadyImportedError(SagsflowError, FileExistsError):
    """The same content was imported into this log before (idempotent imports)."""

    kind = "already-imported"


class NotFittedError(SagsflowError, ValueError, AttributeError):
    """An estimator was used before ``fit``."""

    kind = "not-fitted"


class DisclosureError(SagsflowError, PermissionError):
    """A role without access to cases asked for something the disclosure rule does not release: a filter
    outside its query vocabulary, or one that would split a released group of cases (:mod:`sagsflow.disclosure`)."""

    kind = "disclosure-refused"
