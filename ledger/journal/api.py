from __future__ import annotations

from datetime import date

from flask import current_app
from flask_smorest import Blueprint

from ledger import db
from ledger.closing import close_month
from ledger.auth.access import PUBLIC, READ, WRITE, actor, can, current_user, guarded
from ledger.core.chart import DEBIT_NORMAL, normal_balance
from ledger.core.errors import ValidationFailed
from ledger.core.journal import Entry, Line
from ledger.core.masking import public_description
from ledger.core.periods import format_month
from ledger.fields import Month, read_value
from ledger.journal import accounts, balances, chain, schemas, services
from ledger.journal.chain import TransactionView
from ledger.sqltypes import MAX_BIGINT
from ledger.timeutil import local_today

blp = Blueprint("journal", __name__, url_prefix="/api/v1/communities",
                description="The journal: transactions, accounts, balances, periods, the hash chain")
# A seq no BIGINT can hold names no transaction: 404 from the router, not a database error.
SEQ = f"int(min=1, max={MAX_BIGINT})"


def present(tx: TransactionView, *, private: bool, reasons: dict[int, str] | None = None) -> dict:
    """A transaction as the caller may read it: officers and auditors read every field as
    hashed and a reversal's reason; anyone else reads no reason (older reversals held it in
    their description: the public reads "冲销 #N" there)."""
    description = tx.description if private else public_description(tx.source, tx.description, tx.reverses)
    return {
        "seq": tx.seq, "occurred_on": tx.occurred_on, "description": description,
        "reason": (reasons or {}).get(tx.id) if private else None,
        "source": tx.source, "reverses": tx.reverses, "created_at": tx.created_at,
        "created_by": tx.created_by, "hash": tx.hash,
        "postings": [{"line_no": p.line_no, "account": p.account, "account_name": p.account_name,
                      "debit": p.amount if p.amount > 0 else None,
                      "credit": -p.amount if p.amount < 0 else None} for p in tx.postings],
    }


def sees_private(community) -> bool:
    """Does the caller read the private fields of this community (officer, auditor)?"""
    return can(current_user(), READ, community)


def _one(community, seq: int) -> dict:
    session = db.session()
    tx, private = chain.one(session, community, seq), sees_private(community)
    return present(tx, private=private, reasons=services.reasons_of(session, [tx.id]) if private else None)


@blp.post("/<string:c>/transactions")
@guarded(WRITE)
@blp.arguments(schemas.TransactionCreate)
@blp.response(201, schemas.TransactionOut)
def create_transaction(body, community):
    """Post a general journal entry (opening balances, transfers) (officer)."""
    lines = tuple(Line(p["account"], p.get("debit") or -p.get("credit", 0)) for p in body["postings"])
    entry = Entry(body["occurred_on"], body["description"], body["source"], lines)
    posted = services.post_entry(db.session(), community, entry, created_by=actor())
    return _one(community, posted.seq)


@blp.get(f"/<string:c>/transactions/<{SEQ}:seq>")
@guarded(PUBLIC)
@blp.response(200, schemas.TransactionOut)
def get_transaction(community, seq):
    """One transaction with its postings (public; a reversal's reason only for officers and auditors)."""
    return _one(community, seq)


@blp.post(f"/<string:c>/transactions/<{SEQ}:seq>/reversal")
@guarded(WRITE)
@blp.arguments(schemas.ReversalCreate)
@blp.response(201, schemas.TransactionOut)
def reverse_transaction(body, community, seq):
    """Reverse a general journal entry once, with a reason (officer)."""
    posted = services.reverse_transaction(db.session(), community, seq, body["reason"],
                                          occurred_on=body["occurred_on"] or local_today(),
                                          created_by=actor())
    return _one(community, posted.seq)


@blp.get("/<string:c>/journal")
@guarded(PUBLIC)
@blp.arguments(schemas.JournalArgs, location="query")
@blp.response(200, schemas.JournalPage)
def journal(args, community):
    """The journal in date order, one page at a time (public; reversals' reasons only for officers
    and auditors)."""
    settings = current_app.config["LEDGER"]
    limit = args["limit"] or settings["PAGE_SIZE"]
    items = chain.page(db.session(), community, start=args["from_"], end=args["to"],
                       after=args["cursor"], limit=limit)
    last = items[-1] if len(items) == limit else None
    private = sees_private(community)
    reasons = services.reasons_of(db.session(), [tx.id for tx in items]) if private else None
    return {"items": [present(tx, private=private, reasons=reasons) for tx in items], "next_cursor": (last.occurred_on, last.seq) if last else None}


@blp.get("/<string:c>/chain")
@guarded(PUBLIC)
@blp.response(200, schemas.ChainOut)
def chain_head(community):
    """The head of the community's hash chain (public)."""
    head = chain.head(db.session(), community)
    return {"head_seq": head.seq, "head_hash": head.hash}


@blp.get("/<string:c>/chain/verification")
@guarded(READ)
@blp.response(200, schemas.VerificationOut)
def verify_chain(community):
    """Recompute every hash of the chain now (officer, auditor)."""
    session = db.session()
    head = chain.head(session, community)
    broken = chain.verify(session, community)
    return {"ok": broken is None, "head_seq": head.seq, "head_hash": head.hash,
            "broken_seq": broken.seq if broken else None,
            "message": broken.reason if broken else f"all {head.seq} transactions verify"}


@blp.get("/<string:c>/accounts")
@guarded(READ)
@blp.response(200, schemas.AccountOut(many=True))
def list_accounts(community):
    """The chart of accounts (officer, auditor)."""
    rows = accounts.list_accounts(db.session(), community)
    codes = {a.id: a.code for a in rows}
    return [{"code": a.code, "name": a.name, "type": a.type, "parent": codes.get(a.parent_id)} for a in rows]


@blp.post("/<string:c>/accounts")
@guarded(WRITE)
@blp.arguments(schemas.AccountCreate)
@blp.response(201, schemas.AccountOut)
def create_account(body, community):
    """Add an account to the chart (officer)."""
    account = accounts.create_account(db.session(), community, body["code"], body["name"], body["type"],
                                      parent=body["parent"], created_by=actor())
    return {"code": account.code, "name": account.name, "type": account.type, "parent": body["parent"]}


@blp.get("/<string:c>/accounts/<string:code>/balance")
@guarded(READ)
@blp.arguments(schemas.BalanceArgs, location="query")
@blp.response(200, schemas.BalanceOut)
def account_balance(args, community, code):
    """Balance of an account at the end of a day (officer, auditor)."""
    session = db.session()
    account = accounts.find_account(session, community, code)
    as_of = args["as_of"] or local_today()
    signed = balances.balance_with_sub_accounts(session, community, account, as_of)
    return {"account": code, "as_of": as_of, "balance": normal_balance(account.type, signed),
            "side": "debit" if account.type in DEBIT_NORMAL else "credit"}


@blp.get("/<string:c>/trial-balance")
@guarded(READ)
@blp.arguments(schemas.TrialBalanceArgs, location="query")
@blp.response(200, schemas.TrialBalanceOut)
def trial_balance(args, community):
    """Opening balance, debits, credits and closing balance per account (officer, auditor);
    with levels=all, parent accounts too, each the sum of its sub-accounts."""
    end = args["to"] or local_today()
    start = args["from_"] or date(end.year, 1, 1)
    if start > end:
        raise ValidationFailed.on("from", "must not be after 'to'")
    session = db.session()
    if args["levels"] == "all":
        leveled = balances.trial_balance_levels(session, community, start, end)
        rows = [_trial_row(r.row, r.level, r.sub_accounts) for r in leveled]
        counted = [row for row, r in zip(rows, leveled, strict=True) if r.level == 1]
    else:
        tree = balances.account_tree(session, community)
        rows = counted = [_trial_row(r, balances.depth(tree, r.account_id), False)
                          for r in balances.trial_balance(session, community, start, end)]
    totals = {key: sum(row[key] for row in counted) for key in
              ("opening_debit", "opening_credit", "debit", "credit", "closing_debit", "closing_credit")}
    return {"from_": start, "to": end, "rows": rows, "totals": {"account": "", "name": "", "type": "", **totals}}


def _trial_row(row: balances.TrialRow, level: int, sub_accounts: bool) -> dict:
    opening, closing = row.opening, row.closing
    return {"account": row.code, "name": row.name, "type": row.type, "level": level, "sub_accounts": sub_accounts,
            "opening_debit": max(opening, 0), "opening_credit": max(-opening, 0),
            "debit": row.debit, "credit": row.credit,
            "closing_debit": max(closing, 0), "closing_credit": max(-closing, 0)}


@blp.post("/<string:c>/periods/<string:month>/close")
@guarded(WRITE)
@blp.response(201, schemas.PeriodOut)
def close_period(community, month):
    """Close an accounting month: store closing balances; refuse later postings into it (officer)."""
    first = read_value(Month(), "month", month)
    closed, snapshot = close_month(db.session(), community, first, closed_by=actor(), today=local_today())
    return {"month": format_month(first), "closed_at": closed.closed_at, "closed_by": closed.closed_by,
            "accounts": len(snapshot)}
