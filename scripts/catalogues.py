"""The translation catalogues: gather the app's words, bring each language up to date, build,
check. Needs Babel (installed with the test extra: pip install -e '.[test]').

    python scripts/catalogues.py extract   # facilitator/locale/facilitator.pot from the code
    python scripts/catalogues.py update    # each language's .po gets the new words
    python scripts/catalogues.py compile   # each .po to the .mo the app reads
    python scripts/catalogues.py check     # every word translated, nothing fuzzy, .mo current
    python scripts/catalogues.py new LANG  # a catalogue for a new language (e.g. pt_BR)
    python scripts/catalogues.py fill LANG FILE.json  # translations given as {"word": "..."}
                                              # (a word with a context: "context\u0004word")

A translator edits `facilitator/locale/LANG/LC_MESSAGES/facilitator.po` (with any text
editor, or Poedit), then runs `compile` and `check`.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "facilitator"
LOCALE = PACKAGE / "locale"
TEMPLATE = LOCALE / "facilitator.pot"
DOMAIN = "facilitator"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
SINCE = datetime(2026, 12, 1, tzinfo=UTC)


def extracted() -> Catalog:
    """Every word the code marks for translation, with where it is."""
    # A fixed date: the catalogues change only when their words do.
    catalog = Catalog(project="facilitator", domain=DOMAIN, charset="utf-8", creation_date=SINCE)
    found = extract_from_dir(
        PACKAGE,
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        where = [(f"facilitator/{filename}", lineno)]
        catalog.add(message, None, where, auto_comments=comments, context=context)
    return catalog


def po_files() -> Iterator[Path]:
    yield from sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=path.parent.parent.name, domain=DOMAIN)


def write(catalog: Catalog, path: Path) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_by_file=False, omit_header=False)
    path.write_bytes(buffer.getvalue())


def _key(message: Message) -> str | tuple[str, ...] | list[str]:
    # A word with a context is another word: gettext writes it `context\x04word`.
    if message.context is None:
        return message.id
    return f"{message.context}\x04{message.id}"


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def problems() -> list[str]:
    """What is wrong with the catalogues, one line each (none: all is well)."""
    template = extracted()
    wanted = {_key(message) for message in template if message.id}
    found: list[str] = []
    for path in po_files():
        catalog = read(path)
        name = path.relative_to(ROOT)
        have = {_key(message): message for message in catalog if message.id}
        for key in sorted(wanted - set(have), key=str):
            found.append(f"{name}: not in the catalogue: {key!r}")
        for key, message in have.items():
            if key not in wanted:
                found.append(f"{name}: no longer in the code: {key!r}")
            elif message.fuzzy:
                found.append(f"{name}: fuzzy: {key!r}")
            elif not message.string or (
                isinstance(message.string, tuple)
                and (len(message.string) != catalog.num_plurals or not all(message.string))
            ):
                found.append(f"{name}: not translated: {key!r}")
        mo = path.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != compiled(catalog):
            found.append(f"{mo.relative_to(ROOT)}: not compiled from the .po (run compile)")
    return found


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "extract":
        write(extracted(), TEMPLATE)
    elif command == "update":
        template = extracted()
        for path in po_files():
            catalog = read(path)
            catalog.update(template, no_fuzzy_matching=True)
            catalog.obsolete.clear()
            write(catalog, path)
    elif command == "compile":
        for path in po_files():
            path.with_suffix(".mo").write_bytes(compiled(read(path)))
    elif command == "new" and len(argv) == 2:
        path = LOCALE / argv[1] / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.exists():
            print(f"{path.relative_to(ROOT)} is there already", file=sys.stderr)
            return 2
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog = Catalog(
            locale=argv[1],
            domain=DOMAIN,
            project="facilitator",
            creation_date=SINCE,
            revision_date=SINCE,
        )
        catalog.update(extracted())
        write(catalog, path)
        print(path.relative_to(ROOT))
    elif command == "fill" and len(argv) == 3:
        path = LOCALE / argv[1] / "LC_MESSAGES" / f"{DOMAIN}.po"
        given = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
        catalog = read(path)
        filled = 0
        for message in catalog:
            key = _key(message)
            text = given.get(key if isinstance(key, str) else key[0])
            if message.id and text:
                if isinstance(message.id, tuple):
                    # Plural forms as the language counts them: the last form given stands
                    # for any more (Spanish counts three: one, many, other).
                    forms = list(text) + [text[-1]] * (catalog.num_plurals - len(text))
                    message.string = tuple(forms[: catalog.num_plurals])
                else:
                    message.string = text
                message.flags.discard("fuzzy")
                filled += 1
        write(catalog, path)
        print(f"{filled} translations filled in {path.relative_to(ROOT)}")
    elif command == "check":
        found = problems()
        for line in found:
            print(line)
        print(f"{len(found)} problems" if found else "The catalogues are complete and compiled.")
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
