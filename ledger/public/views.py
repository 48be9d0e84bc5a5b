"""The residents' pages: no sign-in, server-rendered, nothing private.

``/c/<community>`` (home), ``/c/<community>/operators`` and ``/c/<community>/projects``
(the home page's lists alone), ``/c/<community>/operators/<code>``,
``/c/<community>/projects/<code>``, ``/c/<community>/compounds/<code>`` and
``/c/<community>/journal``. Each view parses its query, calls one service and renders.
"""
from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template, request

from ledger import db
from ledger.auth.access import PUBLIC, guarded
from ledger.core.errors import ValidationFailed
from ledger.fields import Month, Text, read_value
from ledger.operators.services import get_operator, list_operators
from ledger.public import journal as public_journal, present, services
from ledger.projects.services import get_project
from ledger.public.compounds import compound_page
from ledger.public.notice import notice as monthly_notice, qr_svg
from ledger.public.operators import operator_page
from ledger.public.projects import project_page
from ledger.trust.services import find_compound_or_none, get_compound
from ledger.timeutil import local_today

bp = Blueprint("public", __name__, url_prefix="/c")
JOURNAL_PAGE_SIZE, JOURNAL_MAX_PAGE_SIZE = 50, 200


def year_arg() -> int | None:
    text = request.args.get("year")
    if not text:
        return None
    if not text.isdigit() or len(text) != 4:
        raise ValidationFailed.on("year", "a year such as 2026")
    return int(text)


def month_arg() -> date | None:
    return read_value(Month(), "month", request.args.get("month"))


def limit_arg() -> int:
    text = request.args.get("limit")
    if not text:
        return JOURNAL_PAGE_SIZE
    if not text.isdigit() or not 1 <= int(text) <= JOURNAL_MAX_PAGE_SIZE:
        raise ValidationFailed.on("limit", f"entries per page, 1 to {JOURNAL_MAX_PAGE_SIZE}")
    return int(text)


@bp.get("/<string:c>")
@guarded(PUBLIC)
def home(community):
    year = year_arg()
    figures = services.home(db.session(), community, year=year, today=local_today())
    return render_template("public/home.html", community=community, home=figures, year_arg=year,
                           page_year=figures.year, this_year=local_today().year,
                           chart=present.fund_chart(figures), chart_series=present.chart_series(figures))


@bp.get("/<string:c>/operators")
@guarded(PUBLIC)
def operators(community):
    """Every business with its year's gross income and shares: the home page's list, alone."""
    return _list_page("public/operators.html", community)


@bp.get("/<string:c>/projects")
@guarded(PUBLIC)
def projects(community):
    """Every project with its budget and spending: the home page's list, alone."""
    return _list_page("public/projects.html", community)


def _list_page(template: str, community):
    year = year_arg()
    figures = services.home(db.session(), community, year=year, today=local_today())
    return render_template(template, community=community, home=figures, year_arg=year,
                           page_year=figures.year, this_year=local_today().year)


@bp.get("/<string:c>/operators/<string:code>")
@guarded(PUBLIC)
def operator(community, code):
    session = db.session()
    year = year_arg()
    found = get_operator(session, community, code)
    page = operator_page(session, community, found, year=year, today=local_today())
    return render_template("public/operator.html", community=community, page=page, year_arg=year,
                           page_year=page.year, this_year=local_today().year)


@bp.get("/<string:c>/projects/<string:code>")
@guarded(PUBLIC)
def project(community, code):
    session = db.session()
    page = project_page(session, community, get_project(session, community, code))
    return render_template("public/project.html", community=community, page=page, year_arg=None)


@bp.get("/<string:c>/compounds/<string:code>")
@guarded(PUBLIC)
def compound(community, code):
    session = db.session()
    page = compound_page(session, community, get_compound(session, community, code), month=month_arg(),
                         today=local_today())
    return render_template("public/compound.html", community=community, page=page, year_arg=None)


@bp.get("/<string:c>/journal")
@guarded(PUBLIC)
def journal(community):
    session = db.session()
    month = month_arg()
    code = read_value(Text(max_length=32), "operator", request.args.get("operator"))
    chosen = get_operator(session, community, code) if code else None
    page = public_journal.page(session, community, month=month, operator=chosen,
                               cursor=request.args.get("cursor"), limit=limit_arg())
    return render_template("public/journal.html", community=community, page=page, month=month,
                           operator=chosen, operators=list_operators(session, community), year_arg=None,
                           later_page=bool(request.args.get("cursor")))


@bp.get("/<string:c>/notice")
@guarded(PUBLIC)
def notice(community):
    """The printable monthly notice (one A4 page per section); ``compound`` prints only
    that compound's statement."""
    session = db.session()
    code = read_value(Text(max_length=32), "compound", request.args.get("compound"))
    chosen = find_compound_or_none(session, community, code) if code else None
    if code and chosen is None:
        raise ValidationFailed.on("compound", f"no compound {code!r}")
    page = monthly_notice(session, community, month=month_arg(), today=local_today(), compound=chosen)
    return render_template("public/notice.html", community=community, page=page, qr_svg=qr_svg)
