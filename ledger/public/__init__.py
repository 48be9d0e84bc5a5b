"""The residents' transparency portal: public pages and the public JSON summary.

No personal data: services compute figures from the journal, incomes and splits and
return dataclasses that carry nothing private (no payer, note, reference or author).

Pages: home, operators, projects, compounds (信托制物业 statements) and the journal.
Inflows and outflows mean the same everywhere: ``ledger/funds/figures.py`` defines them.

Layout, for adding a kind of page:
- a service returning a dataclass of public figures (``services.py``, ``operators.py``,
  ``projects.py``, ``compounds.py``);
- a route in ``views.py`` rendering ``templates/public/<kind>.html`` (extends
  ``public/layout.html``);
- on the home page, a partial ``templates/public/sections/_<kind>.html`` included by
  ``public/home.html``, fed by a field added to ``services.Home`` (and to the JSON of
  ``schemas.PublicSummary`` so the API keeps showing the same figures);
- a link in ``templates/public/_nav.html``.
"""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from ledger.public import present, views
    from ledger.decisions import pages as decision_pages
    from ledger.questions import views as question_views

    app.register_blueprint(views.bp)
    present.init_app(app)
    question_views.init_app(app)  # residents' questions on the public pages
    decision_pages.init_app(app)  # the council decisions behind each project
