"""Print the language tags whose clocks read 12 hours (from CLDR, through Babel).

`facilitator/words/twelve_hour.py` holds what this prints (as `ruff format` lays it out);
tests/words/test_i18n.py checks it is current. Run:
python scripts/twelve_hour.py > facilitator/words/twelve_hour.py && ruff format facilitator
"""

from __future__ import annotations

import re
import textwrap

from babel import Locale, localedata


def twelve_hour_tags() -> list[str]:
    """Every language-REGION whose short time of day reads on a 12-hour clock."""
    tags = []
    for name in localedata.locale_identifiers():
        locale = Locale.parse(name)
        if not locale.territory or locale.script or locale.variant:
            continue
        pattern = re.sub(r"'[^']*'", "", locale.time_formats["short"].pattern)  # not quoted text
        if "h" in pattern or "K" in pattern:
            tags.append(f"{locale.language}-{locale.territory}")
    return sorted(tags)


def module() -> str:
    tags = " ".join(f'"{tag}",' for tag in twelve_hour_tags())
    lines = textwrap.fill(
        tags, width=92, initial_indent="    ", subsequent_indent="    ", break_on_hyphens=False
    )
    return (
        '"""The languages and regions whose clocks read 12 hours (`7:05 PM`): from CLDR.\n\n'
        "Made by scripts/twelve_hour.py; a test checks it is current.\n"
        '"""\n\n'
        f"TWELVE_HOUR = frozenset(\n    {{\n{lines}\n    }}\n)\n"
    )


if __name__ == "__main__":
    print(module(), end="")
