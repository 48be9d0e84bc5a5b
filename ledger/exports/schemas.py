from __future__ import annotations

from marshmallow import ValidationError, validates

from ledger.fields import Text
from ledger.i18n import normalise
from ledger.schemas import DateRangeArgs


class ExportArgs(DateRangeArgs):
    lang = Text(load_default="zh", max_length=16, metadata={"description": "zh (default) or en: the language of the headers"})

    @validates("lang")
    def _known(self, value, **kwargs):
        if normalise(value) is None:
            raise ValidationError("zh or en")


def language(args: dict) -> str:
    return "en" if normalise(args["lang"]) == "en" else "zh"
