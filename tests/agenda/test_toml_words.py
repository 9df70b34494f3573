"""A TOML syntax error says what is wrong in the app's language: each of tomllib's messages,
with what it quotes from the file kept, and tomllib's own words in English."""

from __future__ import annotations

import re
import tomllib

import pytest

from facilitator.agenda import AgendaError, parse_agenda
from facilitator.agenda.toml_words import toml_words
from facilitator.words import i18n

# A document for each message tomllib writes (the same in Python 3.11 to 3.13).
BROKEN = {
    "Invalid value": "a = \n",
    "Invalid statement": "= 1\n",
    "Unterminated string": 'a = "abc',
    "Unclosed array": "a = [1, 2",
    "Unclosed inline table": "a = {b = 1",
    "Invalid date or datetime": "a = 1979-02-30\n",
    "Invalid hex value": 'a = "\\uZZZZ"\n',
    "Cannot overwrite a value": "a = 1\na = 2\n",
    "Unescaped '\\' in a string": 'a = "\\ "\n',
    "Escaped character is not a Unicode scalar value": 'a = "\\uD800"\n',
    "Invalid initial character for a key part": "a.!b = 1\n",
    "Expected '=' after a key in a key/value pair": "a 1\n",
    "Expected ']' at the end of a table declaration": "[a\n",
    "Expected ']]' at the end of an array declaration": "[[a]\n",
    "Expected newline or end of document after a statement": "a = 1 b = 2\n",
    "Illegal character '\\x01'": 'a = "x\x01"\n',
    "Found invalid character '\\x01'": "a = 'x\x01'\n",
    'Expected "\'"': "a = 'abc",
    "Cannot declare ('a',) twice": "[a]\n[a]\n",
    "Cannot redefine namespace ('a', 'b')": "[a.b]\nx = 1\n[a]\nb.y = 2\n",
    "Cannot mutate immutable namespace ('a',)": "a = {b = 1}\na.c = 2\n",
    "Duplicate inline table key 'b'": "a = {b = 1, b = 2}\n",
}
SPANISH = {
    "Invalid value": "valor no válido",
    "Unclosed inline table": "una tabla entre { } no se cierra",
    "Unterminated string": "un texto entre comillas no se cierra",
    "Illegal character '\\x01'": "carácter no permitido '\\x01'",
    'Expected "\'"': 'se esperaba "\'"',
    "Cannot declare ('a',) twice": "('a',) se declara dos veces",
    "Duplicate inline table key 'b'": "la clave 'b' se repite en la tabla",
}
POSITION = re.compile(r" \(at (line \d+, column \d+|end of document)\)$")


def tomllib_says(document: str) -> str:
    with pytest.raises(tomllib.TOMLDecodeError) as raised:
        tomllib.loads(document)
    return POSITION.sub("", str(raised.value))


def problem_of(document: str) -> str:
    with pytest.raises(AgendaError) as raised:
        parse_agenda(document.encode(), "agenda.toml")
    return str(raised.value)


@pytest.mark.parametrize("message", sorted(BROKEN))
def test_each_message_of_tomllib_is_known(message: str) -> None:
    said = tomllib_says(BROKEN[message])
    assert said == message  # the documents still make the messages they are named for
    assert toml_words(said) == message  # English: tomllib's own words, unchanged
    assert message in problem_of(BROKEN[message])
    i18n.use("es")
    spanish = toml_words(said)
    assert spanish != message
    # What it quotes from the file is kept; no word of tomllib's English is left.
    quoted = re.findall(r"'[^']*'|\"[^\"]*\"|\('[^)]*\)", message)
    assert all(part in spanish for part in quoted)
    english = set(re.findall(r"[A-Za-z]{3,}", message)) - {"Unicode"}  # a name in any language
    english -= set(re.findall(r"[A-Za-z]{3,}", " ".join(quoted)))
    assert not english & set(re.findall(r"[A-Za-z]{3,}", spanish)), spanish
    if message in SPANISH:
        assert spanish == SPANISH[message]


def test_a_spanish_syntax_error_names_its_line_and_column() -> None:
    i18n.use("es")
    assert problem_of("[meeting]\nname = \n") == (
        "agenda.toml: línea 2, columna 8: error de sintaxis TOML: valor no válido"
    )
    assert problem_of("a = [1, 2") == (
        "agenda.toml: línea 1, columna 10: error de sintaxis TOML: una lista entre [ ] no se "
        "cierra al final del archivo"
    )


def test_a_message_from_a_later_python_is_shown_as_it_is() -> None:
    i18n.use("es")
    assert toml_words("Something new went wrong") == "Something new went wrong"
