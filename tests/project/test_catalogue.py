"""Every string marked for translation, in the templates and the Python, has a German
translation: found the way makemessages finds them, without needing GNU gettext."""

import ast
import re
from pathlib import Path

import polib
from django.utils.translation.template import templatize

ROOT = Path(__file__).parents[2]
CATALOGUE = ROOT / "locale" / "de" / "LC_MESSAGES" / "django.po"
CODE = ["accounts", "champions", "config", "directory", "guide"]
FUNCTIONS = {
    "_": 1,
    "gettext": 1,
    "gettext_lazy": 1,
    "ngettext": 2,
    "ngettext_lazy": 2,
    "pgettext": 2,
    "pgettext_lazy": 2,
    "npgettext": 3,
}
LITERAL = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
CALL = re.compile(rf"\b(n?p?gettext)\(((?:\s*{LITERAL}\s*,?)+)")


def marked_in_templates():
    found = set()
    for path in (ROOT / "templates").rglob("*"):
        if path.suffix not in {".html", ".txt"}:
            continue
        for function, arguments in CALL.findall(templatize(path.read_text(), origin=str(path))):
            strings = [ast.literal_eval(s) for s in re.findall(LITERAL, arguments)]
            found.add(message(function, strings))
    return found


def marked_in_python():
    found = set()
    for package in CODE:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                name = getattr(getattr(node, "func", None), "id", None) or getattr(
                    getattr(node, "func", None), "attr", None
                )
                if not isinstance(node, ast.Call) or name not in FUNCTIONS:
                    continue
                strings = [arg.value for arg in node.args[: FUNCTIONS[name]]]
                if all(isinstance(s, str) for s in strings) and len(strings) == FUNCTIONS[name]:
                    found.add(message(name, strings))
    return found


def message(function, strings):
    """(context, msgid) as the catalogue keys it."""
    has_context = function.lstrip("n").startswith("p") and function != "_"
    return (strings[0], strings[1]) if has_context else (None, strings[0])


def test_the_scan_finds_what_makemessages_found():
    """The scanner itself: it sees the strings the catalogue was made from."""
    catalogue = {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(CATALOGUE))}
    found = marked_in_templates() | marked_in_python()
    assert len(found & catalogue) > 0.9 * len(catalogue)


def test_every_marked_string_has_a_german_translation():
    translated = {
        (entry.msgctxt, entry.msgid)
        for entry in polib.pofile(str(CATALOGUE))
        if entry.translated() and "fuzzy" not in entry.flags
    }
    missing = sorted((marked_in_templates() | marked_in_python()) - translated, key=lambda m: m[1])
    assert missing == [], "run makemessages -l de and translate: see README, Languages"


def plural_in_templates():
    """The (context, msgid) of every plural string the templates mark (blocktranslate count)."""
    found = set()
    for path in (ROOT / "templates").rglob("*"):
        if path.suffix not in {".html", ".txt"}:
            continue
        for function, arguments in CALL.findall(templatize(path.read_text(), origin=str(path))):
            if function.startswith("n"):
                strings = [ast.literal_eval(s) for s in re.findall(LITERAL, arguments)]
                found.add(message(function, strings))
    return found


def test_every_plural_string_has_its_german_plural():
    """A plural entry without msgid_plural matches nothing at run time: the page would fall
    back to English for every count."""
    entries = {(entry.msgctxt, entry.msgid): entry for entry in polib.pofile(str(CATALOGUE))}
    singular_only = sorted(
        key[1] for key in plural_in_templates() if key in entries and not entries[key].msgid_plural
    )
    assert singular_only == []
