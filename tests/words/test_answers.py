"""The keys that answer yes and no come from the catalogue, and y / n answer everywhere."""

from __future__ import annotations

import pytest

from facilitator.words import answers, i18n


@pytest.mark.parametrize(
    ("language", "yes", "no", "line"),
    [
        ("en", ("y",), ("n",), "y yes · n or Escape no"),
        ("es", ("s", "y"), ("n",), "s sí · n o Escape no"),
    ],
)
def test_each_language_answers_with_its_own_keys_and_y_and_n(
    language: str, yes: tuple[str, ...], no: tuple[str, ...], line: str
) -> None:
    i18n.use(language)
    assert answers.yes_keys() == yes
    assert answers.no_keys() == no
    assert not set(answers.yes_keys()) & set(answers.no_keys())  # no key answers both
    assert answers.confirm_keys_words() == line


def test_the_keys_are_said_in_a_sentence_as_keys() -> None:
    i18n.use("es")
    said = answers.with_answer_keys(
        i18n._("leave (asks first while the meeting runs; {yes} confirms)")
    )
    assert said.endswith("; s confirma)")


def test_a_translators_key_that_is_no_single_letter_is_not_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    given = {"the key that answers yes": "sí", "the key that answers no": "y"}
    monkeypatch.setattr(answers, "pgettext", lambda context, word: given[context])
    # "sí" is no key: y answers yes; a no key that is y would make y mean both: n is kept.
    assert answers.yes_keys() == ("y",)
    assert answers.no_key() == "n"


@pytest.mark.parametrize(
    ("language", "keys"),
    [
        ("en", {"overwrite": "o", "reload": "r", "copy": "c"}),
        ("es", {"overwrite": "s", "reload": "r", "copy": "g"}),
    ],
)
def test_a_refused_saves_answers_take_the_languages_keys(
    language: str, keys: dict[str, str]
) -> None:
    i18n.use(language)
    assert answers.save_keys() == keys


def test_save_keys_that_clash_are_the_english_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(answers, "pgettext", lambda context, word: "x")
    assert answers.save_keys() == answers.SAVE_KEYS
