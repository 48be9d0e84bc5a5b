"""Messages of the compounds, import and download pages' services, as templates for
:func:`ledger.web.messages.localise` (see there): imports report one per bad cell, so
each rule's wording is listed once here."""
from __future__ import annotations

from ledger.web.labels import _l

TEMPLATES = (
    # compounds (信托制物业)
    _l("1-32 lowercase letters, digits, '_' or '-', starting with a letter"),
    _l("compound %(code)s already exists"),
    _l("an operator %(code)s already exists"),
    _l("already used by an operator"),
    _l("fund %(code)s already exists"),
    _l("no compound %(code)s"),
    _l("the fixed remuneration of %(month)s was already posted (#%(seq)s)"),
    _l("already posted"),
    _l("the trust fund has %(available)s available, less than %(amount)s"),
    _l("more than the trust fund has available"),
    _l("the month has not begun"),
    _l("must lie in %(month)s"),
    # import: the file
    _l("choose a CSV or XLSX file"),
    _l("the file is empty"),
    _l("the file has no rows"),
    _l("the file has no rows below its header (row %(row)s)"),
    _l("an old Excel file (.xls) cannot be read; save it as .xlsx or CSV"),
    _l("the file starts like UTF-8 text but is not valid UTF-8"),
    _l("UTF-16 text cannot be read; save the file as CSV (UTF-8) or XLSX"),
    _l("the file is neither UTF-8 nor GB18030 text, nor an XLSX workbook"),
    _l("the workbook has no worksheet"),
    _l("the workbook cannot be read%(where)s (%(error)s)"),
    _l("row %(row)s: the CSV cannot be read (%(error)s)"),
    _l("no header row found: row %(row)s lacks the column(s) %(columns)s; rename them or give a column "
       "mapping such as 交易金额=amount"),
    _l("row %(row)s: columns %(first)s and %(second)s both mean %(field)s; name one in the mapping "
       "(or map one to ignore)"),
    _l("the file changed while it was being imported; nothing was posted"),
    _l("already imported as batch %(batch)s on %(day)s by %(user)s; nothing was posted"),
    _l("Another import of the same file was committed while this one ran; nothing was posted."),
    _l("the checked file is no longer here; upload it again"),
    # import: the mapping and defaults
    _l("%(part)s is not NAME=VALUE"),
    _l("unknown field %(fields)s: one of %(choices)s or ignore"),
    _l("no default for %(field)s: one of %(choices)s"),
    _l("default %(field)s: %(problem)s"),
    # import: the cells
    _l("a date is required"),
    _l("an amount is required"),
    _l("a channel is required"),
    _l("an operator is required"),
    _l("a value is required"),
    _l("a number, not a date: %(value)s; format the column as dates or write 2026-03-05"),
    _l("not a date: %(value)s; write 2026-03-05, 2026/03/05 or 2026年3月5日"),
    _l("not a date: %(value)s"),
    _l("no such day: %(value)s"),
    _l("dates before 1900 are not accepted: %(day)s"),
    _l("not an amount: %(value)s"),
    _l("the amount must be greater than 0 (a refund is a reversal of the income)"),
    _l("the amount must be greater than 0"),
    _l("the amount is too large"),
    _l("more than two decimal places: %(value)s; round the cell to the fen"),
    _l("more than two decimal places: %(value)s"),
    _l("unreadable thousands separator in %(value)s; write 1234.50 or 1,234.50"),
    _l("unknown channel %(value)s; use 现金 cash, 微信 wechat, 支付宝 alipay, 银行/转账 bank or 刷卡 card"),
    # import: the rows against the ledger
    _l("reference %(reference)s of operator %(code)s is also on row %(row)s"),
    _l("reference %(reference)s of operator %(code)s was already posted (income %(id)s)"),
    _l("operator %(name)s names two operators; use the code"),
    _l("operator %(name)s is unknown"),
    _l("row %(row)s, %(column)s: %(problem)s"),
    _l("%(count)s error(s); nothing was written"),
)
