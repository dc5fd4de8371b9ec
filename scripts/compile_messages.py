"""Compile every locale/<language>/LC_MESSAGES/*.po into the .mo Django reads.

Django's own `compilemessages` needs GNU gettext's msgfmt, which a fresh machine may not
have; polib (pure Python, locked in uv.lock) writes the same files. Run by `make install`,
so `make run`, `make serve` and CI always read the current translations.
"""

import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def main():
    problems = []
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        catalogue = polib.pofile(str(po_path))
        fuzzy = catalogue.fuzzy_entries()
        problems += [f"{po_path}: fuzzy entry {entry.msgid!r}" for entry in fuzzy]
        catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
