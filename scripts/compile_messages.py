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
    """Compile every catalogue; refuse (and write nothing) while one has fuzzy entries,
    which would otherwise show a guessed translation."""
    catalogues = {path: polib.pofile(str(path)) for path in LOCALE.glob("*/LC_MESSAGES/*.po")}
    problems = [
        f"{path}: fuzzy entry {entry.msgid!r}"
        for path, catalogue in sorted(catalogues.items())
        for entry in catalogue.fuzzy_entries()
    ]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    for path, catalogue in catalogues.items():
        catalogue.save_as_mofile(str(path.with_suffix(".mo")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
