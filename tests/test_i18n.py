"""The Chinese interface is complete and the committed catalog matches its fragments."""
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

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


def translations(catalog) -> dict:
    """What a catalog says, without its header (whose generator banner changes with Babel)."""
    return {(message.context, message.id if isinstance(message.id, str) else tuple(message.id)):
            message.string for message in catalog if message.id}


def test_committed_catalog_is_built_from_the_fragments():
    wanted = translations(i18n.merged_catalog())
    for name, read in (("messages.mo", read_mo), ("messages.po", read_po)):
        with (i18n.CHINESE / name).open("rb") as handle:
            committed = translations(read(handle))
        assert committed == wanted, f"{name} is stale: run `python -m ledger.i18n` and commit the result"


def test_catalog_comparison_sees_a_changed_translation():
    catalog = i18n.merged_catalog()
    message = next(m for m in catalog if m.id)
    before = translations(catalog)
    message.string = message.string + "x"
    assert translations(catalog) != before
