"""What every way of asking a question passes first (the JSON API and the public form):
one count against the client address's limit, committed on its own."""
from __future__ import annotations

from flask import current_app, request

from ledger import db
from ledger.questions import ratelimit
from ledger.timeutil import utcnow

SCOPE = "question"


def question_limit() -> ratelimit.Limit:
    settings = current_app.config["LEDGER"]
    return ratelimit.Limit(SCOPE, settings["QUESTION_RATE_LIMIT"], settings["QUESTION_RATE_WINDOW_SECONDS"])


def admit_question() -> None:
    """Count this request against its address (behind LEDGER_PROXY_HOPS proxies, the client's);
    RateLimited (429) when the address has asked too often in the current window."""
    limit, now = question_limit(), utcnow()
    with db.unit_of_work() as session:
        count = ratelimit.hit(session, limit, request.remote_addr or "unknown", now)
    ratelimit.refuse_over(limit, count, now)
