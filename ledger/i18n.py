"""Interface language: zh-CN by default, English on request (?lang=en, remembered in a cookie).

Message ids are English. The Chinese catalog is assembled from per-area fragments in
``translations/zh_Hans_CN/fragments/*.po`` (so areas of the interface can be translated
independently) into ``messages.po`` and the compiled ``messages.mo`` that Flask-Babel
loads. Rebuild after editing a fragment with ``python -m ledger.i18n``; a test fails if
the committed catalog is stale or a string in a template or view has no translation.
"""
from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlencode

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from flask import Flask, current_app, request
from flask_babel import Babel

from ledger.https import cookies_secure

LANGUAGES = {"zh_Hans_CN": "中文", "en": "English"}
_ALIASES = {"zh": "zh_Hans_CN", "zh-cn": "zh_Hans_CN", "zh_cn": "zh_Hans_CN", "zh_hans_cn": "zh_Hans_CN",
            "zh-hans": "zh_Hans_CN", "en": "en", "en-us": "en", "en_us": "en"}
LANG_COOKIE = "lang"
TRANSLATIONS = Path(__file__).parent / "translations"
CHINESE = TRANSLATIONS / "zh_Hans_CN" / "LC_MESSAGES"
FRAGMENTS = TRANSLATIONS / "zh_Hans_CN" / "fragments"
_FIXED = datetime(2026, 1, 1, tzinfo=timezone.utc)


def normalise(value: str | None) -> str | None:
    return _ALIASES.get((value or "").strip().lower())


def select_locale() -> str:
    return (normalise(request.args.get("lang")) or normalise(request.cookies.get(LANG_COOKIE))
            or current_app.config["LEDGER"]["DEFAULT_LOCALE"])


def is_english() -> bool:
    return select_locale() == "en"


def init_app(app: Flask) -> None:
    app.config["BABEL_DEFAULT_LOCALE"] = app.config["LEDGER"]["DEFAULT_LOCALE"]
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS)
    Babel(app, locale_selector=select_locale)
    app.after_request(_remember_language)
    app.jinja_env.globals.update(lang_url=lang_url, languages=LANGUAGES, current_locale=select_locale)


def lang_url(code: str) -> str:
    """The current page in another language."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [code]
    return f"{request.path}?{urlencode(args, doseq=True)}"


def _remember_language(response):
    chosen = normalise(request.args.get("lang"))
    if chosen and chosen != normalise(request.cookies.get(LANG_COOKIE)):
        response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                            secure=cookies_secure())
    return response


def merged_catalog() -> Catalog:
    """Every fragment's translations in one catalog (a message in two fragments must agree)."""
    catalog = Catalog(locale="zh_Hans_CN", domain="messages", project="community-ledger", fuzzy=False,
                      charset="utf-8", creation_date=_FIXED, revision_date=_FIXED)  # reproducible builds
    for path in sorted(FRAGMENTS.glob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle, locale="zh_Hans_CN"):
                if not message.id:
                    continue
                known = catalog.get(message.id, message.context)
                if known is not None and known.string != message.string:
                    raise ValueError(f"{path.name}: {message.id!r} is translated differently elsewhere")
                catalog.add(message.id, message.string, context=message.context)
    return catalog


def compiled(catalog: Catalog) -> tuple[bytes, bytes]:
    po, mo = io.BytesIO(), io.BytesIO()
    write_po(po, catalog, omit_header=False, sort_output=True, width=100)
    write_mo(mo, catalog)
    return po.getvalue(), mo.getvalue()


def build() -> None:
    po, mo = compiled(merged_catalog())
    CHINESE.mkdir(parents=True, exist_ok=True)
    (CHINESE / "messages.po").write_bytes(po)
    (CHINESE / "messages.mo").write_bytes(mo)


if __name__ == "__main__":
    build()
    print(f"wrote {CHINESE / 'messages.mo'}")
