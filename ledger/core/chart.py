"""The chart of accounts seeded for every new community.

First-level codes follow 村集体经济组织会计制度 (2023) where they fit. Sub-accounts use
the parent's code, a dot and a suffix ("102.wechat", "311.public_benefit",
"501.cafe"), so an account's place in the tree is readable from its code.
"""
from __future__ import annotations

from typing import NamedTuple

ASSET = "asset"
LIABILITY = "liability"
EQUITY = "equity"  # funds and net assets
REVENUE = "revenue"
EXPENSE = "expense"
ACCOUNT_TYPES = (ASSET, LIABILITY, EQUITY, REVENUE, EXPENSE)
DEBIT_NORMAL = frozenset({ASSET, EXPENSE})


class SeedAccount(NamedTuple):
    code: str
    name: str
    type: str
    parent: str | None = None


CASH = "101"
BANK = "102"
RECEIVABLE = "112"
PAYABLE = "211"
PUBLIC_WELFARE = "311"
OPERATING_REVENUE = "501"
TRUST_FUNDS = "231"
PUBLIC_BENEFIT_FUND_ACCOUNT = "311.public_benefit"
# The roots under which every fund's account lies: the public-benefit fund and its earmarked
# sub-funds (311.*), and the compounds' trust funds (231.*). Money leaves them only by rule
# (see ledger.core.journal.fund_debits and ledger.journal.fund_guard).
FUND_ROOTS = (PUBLIC_WELFARE, TRUST_FUNDS)
PUBLIC_BENEFIT_FUND_CODE = "public_benefit"

SEED_ACCOUNTS: tuple[SeedAccount, ...] = (
    SeedAccount("101", "库存现金", ASSET),
    SeedAccount("102", "银行存款", ASSET),
    SeedAccount("102.basic", "银行存款-基本户", ASSET, "102"),
    SeedAccount("102.wechat", "银行存款-微信收款", ASSET, "102"),
    SeedAccount("102.alipay", "银行存款-支付宝收款", ASSET, "102"),
    SeedAccount("111", "短期投资", ASSET),
    SeedAccount("112", "应收款", ASSET),
    SeedAccount("113", "存货", ASSET),
    SeedAccount("151", "固定资产", ASSET),
    SeedAccount("152", "累计折旧", ASSET),
    SeedAccount("201", "短期借款", LIABILITY),
    SeedAccount("211", "应付款", LIABILITY),
    SeedAccount("212", "应付工资", LIABILITY),
    SeedAccount("221", "应交税费", LIABILITY),
    SeedAccount("301", "资本", EQUITY),
    SeedAccount("311", "公积公益金", EQUITY),
    SeedAccount(PUBLIC_BENEFIT_FUND_ACCOUNT, "公积公益金-公益金", EQUITY, "311"),
    SeedAccount("321", "本年收益", EQUITY),
    SeedAccount("322", "收益分配", EQUITY),
    SeedAccount("501", "经营收入", REVENUE),
    SeedAccount("502", "经营支出", EXPENSE),
    SeedAccount("511", "投资收益", REVENUE),
    SeedAccount("514", "公益支出", EXPENSE),
    SeedAccount("521", "其他收入", REVENUE),
    SeedAccount("522", "其他支出", EXPENSE),
)

# Where money received through each channel lands (Dr side of an income).
CHANNEL_ACCOUNTS: dict[str, str] = {
    "cash": "101",
    "bank": "102.basic",
    "card": "102.basic",
    "transfer": "102.basic",
    "wechat": "102.wechat",
    "alipay": "102.alipay",
}
CHANNELS = tuple(CHANNEL_ACCOUNTS)


def is_fund_account(code: str) -> bool:
    """Whether an account code lies under a fund root (311, 311.x, 231.k ...)."""
    return code.split(".", 1)[0] in FUND_ROOTS


def normal_balance(account_type: str, signed_fen: int) -> int:
    """A signed balance (debit > 0) shown on the account's natural side."""
    return signed_fen if account_type in DEBIT_NORMAL else -signed_fen
