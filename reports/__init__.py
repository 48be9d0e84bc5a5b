"""Workbooks and files for auditors and residents: plain rows in, files out.

No Flask and no database here: the ledger's services compute the rows (amounts in
fen), these writers only lay them out with openpyxl (write-only mode, so memory stays
flat) or the csv module. :func:`verify_workbook` checks an audit workbook offline.
"""
from reports.audit import audit_workbook
from reports.disclosure import disclosure_workbook
from reports.journal import MAX_DATA_ROWS
from reports.journal_csv import journal_csv
from reports.verify import Verification, verify_workbook

__all__ = ["MAX_DATA_ROWS", "Verification", "audit_workbook", "disclosure_workbook", "journal_csv",
           "verify_workbook"]
