"""The Chinese interface is complete and the committed catalog matches its fragments."""
from pathlib import Path

from babel.messages.extract import extract_from_dir

from ledger import i18n

PACKAGE = Path(i18n.__file__).parent
METHODS = [("**/templates/**.html", "jinja2.ext:babel_extract"), ("**.py", "python")]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}


def used_messages() -> dict[str, str]:
    found = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
            PACKAGE, METHODS, options_map=OPTIONS, keywords={"_": None, "gettext": None, "lazy_gettext": None,
                                                            "ngettext": (1, 2), "_l": None}):
        for msgid in (message if isinstance(message, tuple) else (message,)):
            if msgid:
                found.setdefault(msgid, filename)
    return found


def test_every_interface_string_has_a_chinese_translation():
    catalog = i18n.merged_catalog()
    missing = {msgid: where for msgid, where in used_messages().items()
               if catalog.get(msgid) is None or not catalog.get(msgid).string}
    assert not missing, f"untranslated (add them to a fragment in {i18n.FRAGMENTS}): {missing}"


def test_committed_catalog_is_built_from_the_fragments():
    _po, mo = i18n.compiled(i18n.merged_catalog())
    assert (i18n.CHINESE / "messages.mo").read_bytes() == mo, "run `python -m ledger.i18n` and commit the result"
