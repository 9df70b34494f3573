"""Saving the editor's agenda (no Textual): files changed on disk, links, modes, read-only."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Any

import pytest

from facilitator.agenda import agenda_to_toml, load_agenda
from facilitator.library.draft import Draft
from facilitator.library.saving import (
    ChangedOnDisk,
    FileStamp,
    LinkNotWritable,
    ReadOnlyAgenda,
    Saved,
    change_on_disk,
    is_read_only,
)
from facilitator.system.paths import user_agendas_dir

from ..data import TUESDAY
from ..hints import MakeLink


def user_copy(source: Path = TUESDAY, name: str = "tuesday.toml") -> Path:
    """A user's agenda, copied from `source`."""
    folder = user_agendas_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    shutil.copyfile(source, path)
    return path


def save(draft: Draft, *, overwrite: bool = False, as_copy: bool = False) -> Saved:
    """Save `draft` the way the editor does: plan, write (in its worker), record."""
    plan = draft.plan_save(overwrite=overwrite, as_copy=as_copy)
    backup = plan.write()
    return draft.saved(plan, backup)


def theirs(path: Path) -> bytes:
    """Change the agenda at `path` behind the editor's back; returns its new bytes."""
    agenda = load_agenda(path)
    changed = agenda_to_toml(agenda).replace(agenda.meeting.name, "Changed by someone else")
    path.write_text(changed)
    return path.read_bytes()


def names_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ------------------------------------------------------------------ changed on disk


def test_change_on_disk_compares_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_bytes(b"12345")
    stamp = FileStamp.of(b"12345")
    assert change_on_disk(path, stamp) is None
    path.write_bytes(b"12345")  # written again, later: the same agenda, nothing lost
    os.utime(path, ns=(1, 1))
    assert change_on_disk(path, stamp) is None
    path.write_bytes(b"54321")  # the same size, other bytes
    assert change_on_disk(path, stamp) == "changed"
    path.write_bytes(b"123456")
    assert change_on_disk(path, stamp) == "changed"
    path.unlink()
    assert change_on_disk(path, stamp) == "gone"
    path.mkdir()
    assert change_on_disk(path, stamp) == "changed"


def test_a_file_changed_since_it_was_opened_is_not_overwritten() -> None:
    path = user_copy()
    draft = Draft.load(path)
    draft.set(("meeting", "name"), "Ours")
    on_disk = theirs(path)
    with pytest.raises(ChangedOnDisk) as refused:
        save(draft)
    assert refused.value.path == path and not refused.value.gone
    assert path.read_bytes() == on_disk
    assert names_in(path.parent) == ["tuesday.toml"]  # no backup, no temporary file
    assert draft.dirty
    # Asked to, the save replaces it; what was there is the backup.
    saved = save(draft, overwrite=True)
    assert saved.backup is not None and saved.backup.read_bytes() == on_disk
    assert load_agenda(path).meeting.name == "Ours"
    assert not draft.dirty


def test_a_file_changed_since_the_last_save_is_not_overwritten() -> None:
    path = user_copy()
    draft = Draft.load(path)
    draft.set(("meeting", "name"), "First")
    save(draft)
    draft.set(("meeting", "name"), "Second")
    save(draft)  # nobody else wrote it: what was last saved is what is there
    draft.set(("meeting", "name"), "Third")
    on_disk = theirs(path)
    backup = path.with_name("tuesday.toml.bak").read_bytes()
    with pytest.raises(ChangedOnDisk):
        save(draft)
    assert path.read_bytes() == on_disk
    assert path.with_name("tuesday.toml.bak").read_bytes() == backup  # the backup is kept too


def test_a_file_gone_since_it_was_opened_counts_as_changed() -> None:
    path = user_copy()
    draft = Draft.load(path)
    draft.set(("meeting", "name"), "Ours")
    path.unlink()
    with pytest.raises(ChangedOnDisk) as refused:
        save(draft)
    assert refused.value.gone
    assert names_in(path.parent) == []
    saved = save(draft, overwrite=True)
    assert saved.backup is None
    assert load_agenda(path).meeting.name == "Ours"


def test_save_as_a_copy_goes_beside_it_under_a_free_name() -> None:
    path = user_copy()
    draft = Draft.load(path)
    draft.set(("meeting", "name"), "Ours")
    on_disk = theirs(path)
    saved = save(draft, as_copy=True)  # what the editor offers for a file changed on disk
    copy = path.with_name("tuesday-copy.toml")
    assert saved.path == copy and saved.copied_from == path and not saved.from_bundled
    assert saved.backup is None
    assert load_agenda(copy).meeting.name == "Ours"
    assert path.read_bytes() == on_disk
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    # The draft is the copy's now; another copy takes the next free name.
    assert draft.path == copy
    again = Draft.load(path)
    assert save(again, as_copy=True).path == path.with_name("tuesday-copy-2.toml")
    assert path.read_bytes() == on_disk


def test_a_copy_never_replaces_a_file_that_appears_meanwhile() -> None:
    path = user_copy()
    draft = Draft.load(path)
    plan = draft.plan_save(as_copy=True)
    plan.target.write_bytes(b"somebody's")
    with pytest.raises(FileExistsError):
        plan.write()
    assert plan.target.read_bytes() == b"somebody's"


# ------------------------------------------------------------------ links


def test_a_linked_agenda_is_saved_through_its_link(tmp_path: Path, make_link: MakeLink) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    target = shared / "group.toml"
    shutil.copyfile(TUESDAY, target)
    target.chmod(0o644)
    before = target.read_bytes()
    user_agendas_dir().mkdir(parents=True)
    link = make_link(user_agendas_dir() / "tuesday.toml", target)
    draft = Draft.load(link)
    draft.set(("meeting", "name"), "Through the link")
    saved = save(draft)
    assert os.path.islink(link) and Path(os.readlink(link)) == target
    assert load_agenda(target).meeting.name == "Through the link"
    assert saved.path == link and saved.linked_to == target
    assert saved.backup == shared / "group.toml.bak"
    assert saved.backup.read_bytes() == before
    assert names_in(shared) == ["group.toml", "group.toml.bak"]  # no temporary file left
    assert names_in(link.parent) == ["tuesday.toml"]
    # The target keeps its mode, and its folder (somebody's) is left as it is.
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755
    # A later change to the target, through the link, is noticed like any other.
    draft.set(("meeting", "name"), "Again")
    on_disk = theirs(target)
    with pytest.raises(ChangedOnDisk):
        save(draft)
    assert target.read_bytes() == on_disk and os.path.islink(link)


def test_a_link_whose_target_cannot_be_replaced_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_link: MakeLink
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    target = shared / "group.toml"
    shutil.copyfile(TUESDAY, target)
    before = target.read_bytes()
    user_agendas_dir().mkdir(parents=True)
    link = make_link(user_agendas_dir() / "tuesday.toml", target)
    real_mkstemp = tempfile.mkstemp

    def folder_not_writable(*args: Any, **kwargs: Any) -> tuple[int, str]:
        if Path(kwargs["dir"]) == shared:
            raise PermissionError(13, "Permission denied", str(shared))
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", folder_not_writable)
    draft = Draft.load(link)
    draft.set(("meeting", "name"), "Not through")
    with pytest.raises(LinkNotWritable) as refused:
        save(draft)
    assert (refused.value.path, refused.value.target) == (link, target)
    assert refused.value.reason == "Permission denied"
    assert target.read_bytes() == before and os.path.islink(link)
    assert names_in(shared) == ["group.toml"]
    assert names_in(link.parent) == ["tuesday.toml"]
    assert draft.dirty


# ------------------------------------------------------------------ modes and read-only files


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o600])
def test_a_saved_agenda_keeps_its_mode(mode: int) -> None:
    path = user_copy()
    path.chmod(mode)
    draft = Draft.load(path)
    draft.set(("meeting", "name"), "Changed")
    saved = save(draft)
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert saved.backup is not None and stat.S_IMODE(saved.backup.stat().st_mode) == 0o600


def test_saving_leaves_the_folder_of_an_agenda_of_elsewhere_as_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    folder.chmod(0o755)
    path = folder / "tuesday.toml"
    shutil.copyfile(TUESDAY, path)
    draft = Draft.load(path)
    draft.set(("meeting", "name"), "Changed")
    save(draft)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    assert load_agenda(path).meeting.name == "Changed"


def test_a_read_only_agenda_is_refused_and_can_be_saved_as_a_copy() -> None:
    path = user_copy()
    path.chmod(0o444)
    before = path.read_bytes()
    draft = Draft.load(path)
    draft.set(("meeting", "name"), "Ours")
    with pytest.raises(ReadOnlyAgenda) as refused:
        save(draft)
    assert refused.value.path == path
    # Even asked to overwrite: read-only means leave it.
    with pytest.raises(ReadOnlyAgenda):
        save(draft, overwrite=True)
    assert path.read_bytes() == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert names_in(path.parent) == ["tuesday.toml"]
    saved = save(draft, as_copy=True)
    assert saved.path == path.with_name("tuesday-copy.toml")
    assert load_agenda(saved.path).meeting.name == "Ours"
    assert path.read_bytes() == before


def test_read_only_where_there_are_no_user_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.toml"
    path.write_text("x")
    monkeypatch.delattr(os, "geteuid", raising=False)  # as on Windows
    path.chmod(0o444)
    assert is_read_only(path)
    path.chmod(0o644)
    assert not is_read_only(path)
    assert not is_read_only(tmp_path / "missing.toml")


def test_the_windows_read_only_attribute_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.toml"
    path.write_text("x")
    path.chmod(0o644)
    real_stat = os.stat

    class WindowsStat:
        """What Windows says of a file with the read-only attribute, its write bits aside."""

        def __init__(self, info: os.stat_result) -> None:
            self.st_mode = info.st_mode
            self.st_uid = info.st_uid
            self.st_size = info.st_size
            self.st_file_attributes = stat.FILE_ATTRIBUTE_READONLY

    def windows_stat(target: Any, *args: Any, **kwargs: Any) -> Any:
        info = real_stat(target, *args, **kwargs)
        return WindowsStat(info) if Path(target) == path else info

    assert not is_read_only(path)
    monkeypatch.setattr(os, "stat", windows_stat)
    assert is_read_only(path)
