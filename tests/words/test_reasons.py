"""Why a file could not be used: the system's own words in English, the catalogue's in
another language, and the system's own for a reason the catalogue does not know."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from facilitator.__main__ import EXIT_BAD_INPUT, main
from facilitator.words import i18n
from facilitator.words.reasons import reason_of


def test_english_keeps_the_systems_own_words() -> None:
    assert reason_of(PermissionError(errno.EACCES, "Permission denied")) == "Permission denied"
    # Another system's wording for the same reason is left as that system wrote it.
    assert reason_of(FileNotFoundError(errno.ENOENT, "The system cannot find the file")) == (
        "The system cannot find the file"
    )


@pytest.mark.parametrize(
    ("error", "spanish"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "permiso denegado"),
        (FileNotFoundError(errno.ENOENT, "No such file"), "no existe el archivo o la carpeta"),
        (OSError(errno.ENOSPC, "No space left on device"), "no queda espacio en el disco"),
        (
            OSError(errno.ENAMETOOLONG, "File name too long"),
            "el nombre del archivo es demasiado largo",
        ),
        (OSError(errno.EROFS, ""), "el disco es de solo lectura"),  # no words from the system
    ],
)
def test_another_language_says_the_usual_reasons_in_its_words(error: OSError, spanish: str) -> None:
    i18n.use("es")
    assert reason_of(error) == spanish


def test_a_reason_the_catalogue_does_not_know_is_the_systems_own() -> None:
    i18n.use("es")
    assert reason_of(TimeoutError(errno.ETIMEDOUT, "Connection timed out")) == (
        "Connection timed out"
    )
    assert reason_of(OSError("the disk went away")) == "the disk went away"
    assert reason_of(ValueError()) == "ValueError"


def test_validate_in_spanish_says_why_a_file_cannot_be_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "plain.toml").write_text("", encoding="utf-8")
    inside_a_file = tmp_path / "plain.toml" / "agenda.toml"
    assert main(["--lang", "es", "validate", str(inside_a_file)]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == f"{inside_a_file}: no se puede leer: no es una carpeta\n"


def test_a_system_without_a_code_loads_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows has no EDQUOT of its own: the table is built from the codes there are."""
    import importlib

    from facilitator.words import reasons

    quota = errno.EDQUOT
    monkeypatch.delattr(errno, "EDQUOT")
    try:
        importlib.reload(reasons)
        i18n.use("es")
        assert reasons.reason_of(OSError(quota, "Disk quota exceeded")) == "Disk quota exceeded"
        assert reasons.reason_of(PermissionError(errno.EACCES, "x")) == "permiso denegado"
    finally:
        monkeypatch.undo()
        importlib.reload(reasons)
