"""Named errors of the import, and the row error a batch check reports."""
from __future__ import annotations

from typing import NamedTuple

from ledger.core.errors import Conflict, ValidationFailed


class RowError(NamedTuple):
    """One problem of one row: ``row`` as a spreadsheet shows it (the header is row 1, or
    the row it is on), ``column`` the field (occurred_on, amount ...), ``code`` the rule."""
    row: int
    column: str
    code: str
    message: str

    def line(self) -> str:
        return f"row {self.row}, {self.column}: {self.message}"


class UnreadableFile(ValidationFailed):
    """The file cannot be read as a table of incomes."""
    code = "unreadable_file"

    def __init__(self, message: str, field: str = "file"):
        super().__init__(message, {field: [message]})


class InvalidMapping(ValidationFailed):
    """The column mapping or the default values are not valid."""
    code = "invalid_mapping"

    def __init__(self, message: str, field: str = "map"):
        super().__init__(message, {field: [message]})


class AlreadyImported(Conflict):
    """This file has already been imported."""
    code = "already_imported"

    def __init__(self, batch_id: int, day: str, created_by: str):
        message = f"already imported as batch {batch_id} on {day} by {created_by}; nothing was posted"
        super().__init__(message, {"file": [message]})
        self.batch_id = batch_id


class ImportedMeanwhile(Conflict):
    """Another import of the same file was committed while this one ran; nothing was posted."""
    code = "already_imported"

    def __init__(self):
        super().__init__(self.__doc__, {"file": [self.__doc__]})


class RowRefused(ValidationFailed):
    """A row was refused while posting (the check before posting let it through)."""
    code = "row_refused"

    def __init__(self, error: RowError):
        super().__init__(error.line(), {f"row {error.row}.{error.column}": [error.message]})
        self.row_error = error
