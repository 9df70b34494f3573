"""What validating an agenda found wrong, in words: one message per pydantic error.

The models themselves are in `schema`, which hands its errors here with its root model.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from ..words.i18n import N_, _
from .problems import LocatedError, Problem, describe, field_path, num
from .values import LANGUAGE_PATTERN, MAX_CATEGORIES, NOT_BLANK, START_PATTERN

# What a key is expected to be; translated where a message says it.
_TABLE_HINTS: dict[tuple[str, ...], str] = {
    ("meeting",): N_("a [meeting] table"),
    ("sharing",): N_("a [sharing] table"),
    ("closing",): N_("a [closing] table"),
    ("steps",): N_("a list of [[steps]] tables"),
    ("attendance",): N_("a list of [[attendance]] tables"),
    ("closing", "resources"): N_("a list of [[closing.resources]] tables"),
}

_A_TABLE = N_("a table")
_TABLES = N_("a list of tables")
_ENTRY_HINTS: dict[tuple[str, ...], str] = {
    ("steps",): N_("a [[steps]] table"),
    ("attendance",): N_("an [[attendance]] table"),
    ("closing", "resources"): N_("a [[closing.resources]] table"),
}


def _model_at(root: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The model class that owns the keys at `loc` in `root` (None when not a model)."""
    model = root
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        annotation = field.annotation
        candidates = getattr(annotation, "__args__", ()) or (annotation,)
        found = next(
            (c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None
        )
        if found is None:
            return None
        model = found
    return model


def keys_of(model: type[BaseModel]) -> list[str]:
    """The keys a table of `model` has, sorted; not the older spellings it still reads."""
    return sorted(key for key, field in model.model_fields.items() if not field.exclude)


def _allowed_values(annotation: Any) -> list[str]:
    args = getattr(annotation, "__args__", ())
    return [a for a in args if isinstance(a, str)]


def problems_from(error: ValidationError, name: str, root: type[BaseModel]) -> list[Problem]:
    """One `Problem` per thing pydantic found wrong with the document of `root`, file `name`."""
    problems: list[Problem] = []
    seen: set[str] = set()
    items = error.errors(include_url=False)
    failing_entries = {tuple(i["loc"][:1]) for i in items if len(i["loc"]) > 1}
    for item in items:
        loc = tuple(item["loc"])
        if item["type"] == "too_short" and loc in failing_entries:
            continue  # entries that failed are not counted; their own errors say why
        ctx = item.get("ctx") or {}
        cause = ctx.get("error")
        found: list[tuple[tuple[str | int, ...], str]]
        if isinstance(cause, LocatedError):
            found = [(loc + relative, message) for relative, message in cause.problems]
        elif isinstance(cause, ValueError):
            found = [(loc, str(cause))]
        else:
            found = [(loc, _message_for(item, loc, root))]
        for where, message in found:
            field = field_path(where)
            line = f"{field}\0{message}"
            if line in seen:
                continue
            seen.add(line)
            problems.append(Problem(name, message, field=field))
    return problems


def _message_for(item: Any, loc: tuple[str | int, ...], root: type[BaseModel]) -> str:
    kind: str = item["type"]
    ctx = item.get("ctx") or {}
    value = item.get("input")
    got = describe(value)
    if kind == "missing":
        expected = _expected(root, loc)
        return _("missing required key; expected {expected}").format(
            expected=f"{expected[:1].lower()}{expected[1:]}"
        )
    if kind == "extra_forbidden":
        parent = loc[:-1]
        key = str(loc[-1])
        model = _model_at(root, parent)
        allowed = keys_of(model) if model else []
        keys = ", ".join(allowed)
        if parent and key in root.model_fields:
            # TOML puts every key after a [table] header inside that table.
            return _(
                'unknown key; "{key}" belongs at the top level: move it above the first '
                "[table] header (allowed here: {keys})"
            ).format(key=key, keys=keys)
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        if close:
            return _('unknown key; did you mean "{key}"? (allowed: {keys})').format(
                key=close[0], keys=keys
            )
        return _("unknown key (allowed: {keys})").format(keys=keys)
    if kind == "literal_error":
        model = _model_at(root, loc[:-1])
        field = model.model_fields.get(str(loc[-1])) if model else None
        options = _allowed_values(field.annotation) if field else []
        if not options:
            options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        listed = ", ".join(f'"{o}"' for o in options)
        if isinstance(value, str):
            close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
            if close:
                return _('must be one of {values} (got {value}); did you mean "{close}"?').format(
                    values=listed, value=got, close=close[0]
                )
        return _("must be one of {values} (got {value})").format(values=listed, value=got)
    if kind == "greater_than":
        return _("must be greater than {limit} (got {value})").format(
            limit=num(ctx["gt"]), value=got
        )
    if kind == "greater_than_equal":
        return _("must be {limit} or more (got {value})").format(limit=num(ctx["ge"]), value=got)
    if kind == "less_than_equal":
        return _("must be at most {limit} (got {value})").format(limit=num(ctx["le"]), value=got)
    if kind == "finite_number":
        return _("must be a finite number (got {value})").format(value=got)
    if kind in {"float_type", "int_type", "float_parsing", "int_parsing"}:
        if isinstance(value, int) and not isinstance(value, bool):
            return _("is far too large a number (got {value})").format(value=got)
        return _("must be a number (got {value})").format(value=got)
    if kind == "string_type":
        return _("must be text in quotes (got {value})").format(value=got)
    if kind == "bool_type":
        return _("must be true or false (got {value})").format(value=got)
    if kind == "string_too_short":
        return _("must not be empty")
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == NOT_BLANK:
        return _("must not be blank (only spaces)")
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == START_PATTERN:
        return _('must be a time of day as "HH:MM", e.g. "19:00" (got {value})').format(value=got)
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == LANGUAGE_PATTERN:
        return _('must be a language code such as "es" or "es-MX" (got {value})').format(value=got)
    if kind == "string_pattern_mismatch":
        return _(
            "must be a lowercase identifier: letters a-z, digits and _, starting with a "
            "letter (got {value})"
        ).format(value=got)
    if kind in {
        "model_type",
        "model_attributes_type",
        "dataclass_type",
        "dict_type",
        "tuple_type",
        "list_type",
    }:
        return _("must be {expected} (got {value})").format(
            expected=_expected(root, loc), value=got
        )
    if kind == "too_short":
        if loc == ("steps",):
            return _("needs at least one step: add a [[steps]] table")
        return _("needs at least {count} entry").format(count=ctx.get("min_length", 1))
    if kind == "too_long":
        if loc == ("attendance",):
            return _("at most {count} categories are allowed (keys 1-9) (got {value})").format(
                count=MAX_CATEGORIES, value=ctx.get("actual_length")
            )
        return _("at most {count} entries are allowed").format(count=ctx.get("max_length"))
    return str(item.get("msg", _("is not valid")))


def _expected(root: type[BaseModel], loc: tuple[str | int, ...]) -> str:
    key = tuple(p for p in loc if isinstance(p, str))
    if loc and isinstance(loc[-1], int):
        return _(_ENTRY_HINTS.get(key, _A_TABLE))
    if key in _TABLE_HINTS:
        return _(_TABLE_HINTS[key])
    if key and key[-1] in {"steps", "attendance", "resources"}:
        return _(_TABLE_HINTS.get(key, _TABLES))
    model = _model_at(root, loc[:-1])
    field = model.model_fields.get(str(loc[-1])) if model and loc else None
    if field is not None and field.description:
        return _(field.description).rstrip(".")
    return _("a value")
