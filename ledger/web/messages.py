"""Domain and validation messages in the reader's language.

Services and schemas speak English (the API's language), often with values inside
("no operator 'cafe'"). Each message they can produce is listed here once as an
English template whose ``%(name)s`` parts match any text; :func:`localise` finds the
template a message was made from and returns the template's translation with the same
values. A message that matches no template is shown as it is.
"""
from __future__ import annotations

import re
from functools import cache

from flask_babel import gettext

from ledger.web import job_messages, money_labels, tool_messages, voice_messages
from ledger.web.labels import _l

TEMPLATES = (
    # marshmallow
    _l("Missing data for required field."),
    _l("Field may not be null."),
    _l("Not a valid string."),
    _l("Not a valid date."),
    _l("Not a valid integer."),
    _l("Not a valid list."),
    _l("Invalid value."),
    _l("Invalid input type."),
    _l("Unknown field."),
    _l("Must be one of: %(choices)s."),
    _l("Length must be between %(min)s and %(max)s."),
    _l("Longer than maximum length %(max)s."),
    _l("Shorter than minimum length %(min)s."),
    _l("Must be greater than or equal to %(min)s and less than or equal to %(max)s."),
    # fields and money
    _l("must not be empty"),
    _l("must not contain control characters"),
    _l("at most %(count)s characters"),
    _l("dates before 1900 are not accepted"),
    _l("amount must be greater than 0"),
    _l("amount must not be negative"),
    _l("amount is too large"),
    _l('amount must be a decimal string such as "1234.50"'),
    _l("not an amount with at most two decimal places: %(value)s"),
    _l("write an amount without a currency sign or thousands separators: %(value)s, not %(given)s"),
    _l("write an amount without a currency sign: %(value)s, not %(given)s"),
    _l("write an amount without thousands separators: %(value)s, not %(given)s"),
    _l("write an amount without spaces: %(value)s, not %(given)s"),
    # error pages
    _l("There is no such page. Check the address, or start again from the home page."),
    _l("This page cannot be used that way."),
    _l("Something went wrong on our side; nothing was written. Please try again later."),
    _l("percent must be a decimal string with at most four decimal places"),
    _l("percent must be greater than 0 and at most 100"),
    _l("not a month in the form YYYY-MM: %(value)s"),
    _l("a month from %(first)s to %(last)s: %(value)s"),
    _l("after today"),
    _l("%(day)s is after today (%(today)s)"),
    _l("must not be before 'from'"),
    _l("must not be after 'to'"),
    # general
    _l("The input is not valid."),
    _l("Sign in or send a valid API token."),
    _l("Your role or community scope does not allow this."),
    _l("Not found."),
    _l("The request conflicts with the current state."),
    _l("already exists"),
    _l("one of %(choices)s"),
    _l("a name is required"),
    _l("1-32 lowercase letters, digits, '_' or '-'"),
    _l("your role does not allow this in community %(code)s"),
    _l("only an administrator may do this"),
    _l("the form has expired or was not sent from this site; reload the page"),
    _l("no community %(code)s"),
    _l("community %(code)s already exists"),
    _l("the community is not valid"),
    # users and tokens
    _l("the user is not valid"),
    _l("2-64 characters: lowercase letters, digits, '_', '.', '-'"),
    _l("user %(name)s already exists"),
    _l("the password must have at least 10 characters"),
    _l("no user %(name)s"),
    _l("no such token"),
    _l("%(name)s has no role in community %(code)s"),
    _l("you cannot take away your own administrator role"),
    _l("you cannot deactivate yourself"),
    _l("too many wrong passwords in a row; try again in %(seconds)s seconds"),
    _l("Wrong username or password."),
    # operators
    _l("the operator is not valid"),
    _l("operator %(code)s already exists"),
    _l("account %(codes)s already exists"),
    _l("its accounts already exist"),
    _l("no operator %(code)s"),
    # agreements
    _l("the agreement terms are not valid"),
    _l("must be one of: %(choices)s"),
    _l("at least one share is required"),
    _l("a share has either a percent or tiers, not both and not neither"),
    _l("a share needs the code of the account or fund it goes to"),
    _l("%(code)s already has a share in this agreement"),
    _l("the shares add up to more than 100 % (tiers count at their highest rate)"),
    _l("a minimum (保底) applies only to net-profit agreements"),
    _l("tiers must be a non-empty list"),
    _l("the last tier must be open-ended (up_to null)"),
    _l("only the last tier may be open-ended; give this one an up_to"),
    _l("tier limits must rise strictly, starting above zero"),
    _l("a share names an unknown fund or account"),
    _l("no fund or account %(code)s"),
    _l("must not be before effective_from"),
    _l("the dates overlap agreement %(id)s (%(start)s to %(end)s)"),
    _l("overlaps another agreement"),
    _l("agreement %(id)s has already been applied on or after %(day)s; start the new version later"),
    _l("the earlier version is applied after it"),
    # incomes and the journal
    _l("no agreement of operator %(code)s is in force on %(day)s for category %(category)s"),
    _l("no agreement of operator %(code)s is in force on %(day)s"),
    _l("no income %(id)s"),
    _l("a reason is required"),
    _l("transaction %(seq)s was already reversed by %(by)s"),
    _l("transaction %(seq)s is itself a reversal; post a new entry instead"),
    _l("%(month)s is closed (months up to %(last)s are closed)"),
    _l("the month %(month)s is closed"),
    _l("this Idempotency-Key was already used with a different request"),
    # closing months
    _l("%(month)s cannot be closed: %(problems)s"),
    _l("the month has not ended yet (it ends on %(day)s)"),
    _l("%(month)s is already closed"),
    _l("close %(month)s first: months close in order"),
    # the hash chain
    _l("seq %(seq)s is missing (found %(found)s)"),
    _l("hash of seq %(seq)s does not match"),
    _l("the chain head (seq %(head)s) does not match the last transaction (seq %(last)s)"),
    # the agreement form
    _l("each line: the amount up to which a rate applies and the rate; the last line: * and the rate"),
)
TEMPLATES += money_labels.TEMPLATES + tool_messages.TEMPLATES + voice_messages.TEMPLATES
TEMPLATES += job_messages.TEMPLATES

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@cache
def _patterns() -> tuple[tuple[re.Pattern, str], ...]:
    """One regular expression per template, the most specific (most fixed text) first."""
    def fixed_text(template: str) -> int:
        return len(_PLACEHOLDER.sub("", template))

    compiled = []
    for template in sorted(TEMPLATES, key=fixed_text, reverse=True):
        parts = _PLACEHOLDER.split(template)  # text, name, text, name, ..., text
        regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts))
        compiled.append((re.compile(regex, re.DOTALL), template))
    return tuple(compiled)


def localise(message: str) -> str:
    """The message in the current interface language (unchanged if it is not known)."""
    if not message:
        return message
    for pattern, template in _patterns():
        found = pattern.fullmatch(message)
        if found:
            values = money_labels.named_values(found.groupdict())
            if "problems" in values:  # a list of messages joined by "; "
                values["problems"] = "; ".join(localise(part) for part in values["problems"].split("; "))
            if "problem" in values:  # one message inside another
                values["problem"] = localise(values["problem"])
            return gettext(template, **values)
    return message


def localise_errors(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    return {field: [localise(m) for m in messages] for field, messages in errors.items()}
