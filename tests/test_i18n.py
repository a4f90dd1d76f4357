"""The English catalogue is complete: every Chinese source string has an English translation."""

import re
from pathlib import Path

from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
CJK = re.compile(r"[\u4e00-\u9fff]")


def entries(text):
    """(msgid, [msgstr...], flags) per entry, header excluded."""
    for block in text.strip().split("\n\n"):
        lines = block.splitlines()
        flags = " ".join(line for line in lines if line.startswith("#,"))
        fields, current = {}, None
        for line in lines:
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            yield fields["msgid"], [v for k, v in fields.items() if k.startswith("msgstr")], flags


def test_every_english_entry_is_translated_and_none_is_fuzzy():
    found = list(entries(PO.read_text(encoding="utf-8")))
    assert len(found) > 200
    untranslated = [msgid for msgid, strs, _ in found if not all(strs)]
    fuzzy = [msgid for msgid, _, flags in found if "fuzzy" in flags]
    still_chinese = [msgid for msgid, strs, _ in found if any(CJK.search(s) for s in strs)]
    assert not untranslated, untranslated
    assert not fuzzy, fuzzy
    assert not still_chinese, still_chinese


def test_compiled_catalogue_is_present():
    assert PO.with_suffix(".mo").stat().st_size > 1000
