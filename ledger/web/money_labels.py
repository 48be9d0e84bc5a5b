"""Interface names of the money-out side: fund kinds, disbursement states and actions,
and the messages its services give (found by ledger/web/messages.py)."""
from __future__ import annotations

from flask_babel import gettext as _

from ledger.web.labels import _l


def fund_kinds() -> dict[str, str]:
    return {"public_benefit": _("public-benefit fund"), "earmarked": _("earmarked sub-fund"),
            "trust": _("trust fund")}


def states() -> dict[str, str]:
    return {"draft": _("draft"), "submitted": _("awaiting approval"), "approved": _("approved"),
            "rejected": _("rejected"), "paid": _("paid")}


def actions() -> dict[str, str]:
    return {"create": _("drafted"), "submit": _("submitted for approval"), "approve": _("approved"),
            "reject": _("rejected"), "pay": _("paid"), "attach": _("voucher attached")}


def verbs() -> dict[str, str]:
    return {"submit": _("submit"), "approve": _("approve"), "reject": _("reject"), "pay": _("pay")}


def named_values(values: dict[str, str]) -> dict[str, str]:
    """A refusal's state and action codes in words: "cannot approve a disbursement that is paid"."""
    named = dict(values)
    if "state" in named:
        named["state"] = states().get(named["state"], named["state"])
    if "action" in named:
        named["action"] = verbs().get(named["action"], named["action"])
    if "allowed" in named:
        named["allowed"] = ", ".join(verbs().get(a, a) for a in named["allowed"].split(", "))
    return named


def money_labels() -> dict[str, dict[str, str]]:
    return {"fund_kinds": fund_kinds(), "states": states(), "actions": actions()}


TEMPLATES = (
    # funds, projects, disbursements
    _l("no fund %(code)s"),
    _l("no project %(code)s"),
    _l("project %(code)s already exists"),
    _l("name a project or a fund"),
    _l("a project or a fund is required"),
    _l("project %(code)s draws on fund %(fund)s"),
    _l("a trust fund's expense item, one of %(choices)s"),
    _l("no disbursement %(id)s"),
    _l("cannot %(action)s a disbursement that is %(state)s; possible now: %(allowed)s"),
    _l("cannot %(action)s a disbursement that is %(state)s; it is final"),
    _l("%(name)s submitted this disbursement; another person must decide on it"),
    _l("%(name)s drafted or changed this disbursement; another person must decide on it"),
    _l("fund %(code)s has %(available)s available, less than %(amount)s"),
    _l("more than the fund has available"),
    _l("project %(code)s has %(left)s of its budget left, less than %(amount)s; raise the budget first"),
    _l("more than the project's remaining budget"),
    _l("attach at least one voucher before paying"),
    _l("none attached"),
    # vouchers
    _l("a rejected disbursement takes no more vouchers"),
    _l("the file is empty"),
    _l("the file is larger than %(max)s bytes"),
    _l("the file is not a PDF, JPEG or PNG (judged by its content)"),
    _l("the file name must be a plain name, not a path"),
    _l("no voucher %(sha)s on disbursement %(id)s"),
)
