"""Disbursements (支出): money leaving a fund, with vouchers and four-eyes approval."""
