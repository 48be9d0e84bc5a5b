"""Messages of the council-decision and question services, as templates for
:func:`ledger.web.messages.localise` (see there)."""
from __future__ import annotations

from ledger.web.labels import _l

TEMPLATES = (
    # council decisions and the budget rule
    _l("a decision cannot be dated after today"),
    _l("the votes outnumber the members present"),
    _l("a decision that approves budgets needs more votes for than against"),
    _l("named twice in one decision"),
    _l("no decision %(id)s"),
    _l("decision %(id)s has no minutes yet"),
    _l("the minutes of this decision are already attached"),
    _l("already attached: %(sha)s"),
    _l("a budget above %(threshold)s needs a council decision approving at least %(budget)s for project %(code)s "
       "(approved so far: %(found)s)"),
    _l("above %(threshold)s: record the council decision first"),
    # residents' questions
    _l("a month goes only with an operator or a compound"),
    _l("no journal entry %(seq)s"),
    _l("a seq or a code of at most 32 characters"),
    _l("no question %(id)s"),
    _l("question %(id)s is already released"),
    _l("question %(id)s is already refused"),
    _l("question %(id)s is already answered"),
    _l("question %(id)s was refused"),
    _l("the form has expired; answer the new question"),
    _l("answer the question below the form"),
    _l("the form was sent too quickly; check it and send it again"),
    _l("that is not the right answer"),
    _l("too many requests from this address; try again in %(seconds)s seconds"),
)
