"""Bulk import of incomes from CSV and XLSX files (批量导入)."""
