"""Auditors' files: the audit workbook, the journal as CSV, and their command line."""
