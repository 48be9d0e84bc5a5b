"""Incomes (收入登记), declarations (利润申报) and remittances: the split engine applied."""
