"""What an export refuses to hand out."""


class InconsistentExport(RuntimeError):
    """Two figures of one workbook that must agree do not (a 500: never a wrong file)."""
