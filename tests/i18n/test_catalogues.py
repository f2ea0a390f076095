"""The French catalogue is complete and its compiled .mo matches it (no system gettext needed)."""

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
CATALOGUES = sorted(LOCALE.glob("fr/LC_MESSAGES/*.po"))


def test_french_catalogue_exists():
    assert LOCALE / "fr" / "LC_MESSAGES" / "django.po" in CATALOGUES


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.name)
def test_every_string_is_translated_and_none_is_fuzzy(po_path):
    catalogue = polib.pofile(str(po_path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.name)
def test_compiled_catalogue_is_up_to_date(po_path):
    def key(entry):
        return (entry.msgctxt, entry.msgid)

    def value(entry):
        return (entry.msgstr, {int(k): v for k, v in entry.msgstr_plural.items()})

    source = {key(e): value(e) for e in polib.pofile(str(po_path)).translated_entries()}
    compiled = {key(e): value(e) for e in polib.mofile(str(po_path.with_suffix(".mo")))}
    compiled.pop((None, ""), None)  # the header
    assert compiled == source, "run `make messages` to recompile locale/*.mo"
