"""Interface names of the codes the ledger stores (roles, channels, kinds ...)."""
from __future__ import annotations

from flask_babel import gettext as _


def _l(template: str) -> str:
    """Marks a template for the message catalog; it is translated when shown."""
    return template


def roles() -> dict[str, str]:
    return {"admin": _("administrator"), "officer": _("finance officer"), "approver": _("approver"),
            "auditor": _("auditor")}


def channels() -> dict[str, str]:
    return {"cash": _("cash"), "bank": _("bank"), "card": _("bank card"), "transfer": _("bank transfer"),
            "wechat": _("WeChat Pay"), "alipay": _("Alipay")}


def kinds() -> dict[str, str]:
    return {"cafe": _("café"), "canteen": _("canteen"), "parking": _("parking"), "group_buying": _("group buying"),
            "market": _("market"), "childcare": _("childcare"), "venue": _("venue rental"),
            "advertising": _("advertising"), "property_management": _("property management"), "other": _("other")}


def settlements() -> dict[str, str]:
    return {"community_collects": _("the community collects the income"),
            "operator_collects": _("the operator collects and owes the shares")}


def bases() -> dict[str, str]:
    return {"gross": _("share of gross income"), "net_profit": _("share of declared net profit")}


def periods() -> dict[str, str]:
    return {"month": _("month"), "quarter": _("quarter"), "year": _("year")}


def all_labels() -> dict[str, dict[str, str]]:
    return {"roles": roles(), "channels": channels(), "kinds": kinds(), "settlements": settlements(),
            "bases": bases(), "periods": periods()}


def operator_options(operators) -> list[tuple[str, str]]:
    """(code, "name (code)") for an operator picker."""
    return [(o.code, f"{o.name} ({o.code})" if o.name != o.code else o.code) for o in operators]
