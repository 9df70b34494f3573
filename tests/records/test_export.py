"""`facilitator export` and `facilitator.records.export`: meetings as CSV or JSON, counts only.

The meetings are real ones, driven through the engine on hand-moved clocks and recorded the
way the app records them (the `four` fixture and its kin, in tests/conftest.py). Set
UPDATE_GOLDEN=1 to rewrite tests/golden/ after an intended change to the format, and read the
diff before committing it.
"""

from __future__ import annotations

import csv
import dataclasses
import errno
import io
import json
import os
import stat
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import IO

import pytest

from facilitator.__main__ import EXIT_BAD_INPUT, EXIT_OK, main
from facilitator.agenda import Agenda, one_line
from facilitator.records.export import ExportRow, StepTiming, export_rows, to_csv, to_json
from facilitator.store.database import DB_NAME, Store, open_store
from facilitator.system.files import atomic_write

from ..data import EST, GOLDEN, MERCREDI_NAME, SATURDAY_NAME
from ..hints import RecordMeeting, RecordSaturday, RecordTuesday

HEADER = "started_at,ended_at,agenda,meeting,shares,attendees,newcomers,online,visitors"


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["export", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def one_line_error(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1, err
    return err.rstrip("\n")


def assert_golden(name: str, data: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        return
    expected = path.read_bytes()
    # Text first for a readable diff; then bytes, for line endings and encoding.
    assert data.decode("utf-8") == expected.decode("utf-8"), f"UPDATE_GOLDEN=1 rewrites {path}"
    assert data == expected


def parsed_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


# --------------------------------------------------------------------------- golden files


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_file_matches_golden(
    four: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    target = tmp_path / f"export.{fmt}"
    code, out, err = run_cli(capsys, "--format", fmt, "-o", str(target))
    assert (code, out, err) == (EXIT_OK, "", "")
    assert_golden(f"export.{fmt}", target.read_bytes())


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_standard_output_is_the_same_bytes(
    four: Store, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], fmt: str
) -> None:
    assert main(["export", "--format", fmt]) == EXIT_OK
    out, err = capsysbinary.readouterr()
    assert err == b""
    assert out == (GOLDEN / f"export.{fmt}").read_bytes()


def test_csv_is_the_default_format(four: Store, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys)
    assert code == EXIT_OK
    assert out == (GOLDEN / "export.csv").read_text(encoding="utf-8")


def test_api_gives_what_the_command_writes(four: Store) -> None:
    rows = export_rows(four)
    assert to_csv(rows).encode() == (GOLDEN / "export.csv").read_bytes()
    assert to_json(rows).encode() == (GOLDEN / "export.json").read_bytes()


def test_rows_without_steps_differ_only_in_the_steps(four: Store) -> None:
    # CSV reads meetings without their step timings; nothing else may change.
    full, light = export_rows(four), export_rows(four, steps=False)
    assert [row.steps for row in light] == [()] * len(full)
    assert any(row.steps for row in full)
    assert [dataclasses.replace(row, steps=()) for row in full] == light
    assert to_csv(light) == to_csv(full)


# --------------------------------------------------------------------------- CSV


def test_csv_header_is_exact(four: Store, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_cli(capsys)
    assert out.split("\n")[0] == HEADER


def test_csv_categories_are_a_union_in_order_of_first_appearance_with_zeros(
    four: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run_cli(capsys)
    rows = parsed_csv(out)
    counts = [
        (r["agenda"], r["attendees"], r["newcomers"], r["online"], r["visitors"]) for r in rows
    ]
    assert counts == [
        ("tuesday", "5", "1", "0", "0"),  # online: tallied, then undone
        ("tuesday", "2", "0", "0", "0"),
        ("saturday", "12", "0", "0", "3"),  # this agenda has neither newcomers nor online
        ("mercredi", "7", "0", "1", "0"),
    ]
    assert [r["shares"] for r in rows] == ["2", "0", "3", "1"]


def test_csv_columns_follow_the_oldest_meeting_first(
    record_saturday: RecordSaturday,
    recorded_meeting: RecordMeeting,
    short_tuesday: Agenda,
    store: Store,
    capsys: pytest.CaptureFixture[str],
) -> None:
    record_saturday(store)  # visitors come before attendees in this agenda
    tuesday_later = recorded_meeting(
        store, short_tuesday, "tuesday", datetime(2026, 12, 1, 19, 0, tzinfo=EST)
    )
    tuesday_later.tally(1)
    tuesday_later.finish()
    _, out, _ = run_cli(capsys)
    assert out.split("\n")[0] == (
        "started_at,ended_at,agenda,meeting,shares,visitors,attendees,newcomers,online"
    )
    assert out.split("\n")[2].endswith(",0,0,1,0")


def test_csv_name_with_a_comma_and_a_quote_round_trips(
    four: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run_cli(capsys, "--agenda", "saturday")
    assert '"Saturday, ""Big"" Book Study"' in out
    header, row = list(csv.reader(io.StringIO(out, newline="")))
    assert len(row) == len(header) == 7
    assert row[3] == SATURDAY_NAME


def test_timestamps_are_iso_with_the_offset_of_the_room(
    four: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run_cli(capsys)
    rows = parsed_csv(out)
    assert [(r["started_at"], r["ended_at"]) for r in rows] == [
        ("2026-11-24T19:01:00.000-05:00", "2026-11-24T19:13:15.000-05:00"),
        # Never started: the first recorded change stands in for the start.
        ("2026-11-26T23:30:00.000-05:00", "2026-11-26T23:35:00.000-05:00"),
        ("2026-11-28T10:00:00.000-05:00", "2026-11-28T10:41:15.000-05:00"),
        ("2026-12-02T18:30:00.000+01:00", ""),
    ]
    for r in rows:
        assert datetime.fromisoformat(r["started_at"]).utcoffset() is not None


FORMULA = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        (FORMULA, "'" + FORMULA),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        # A tab or a carriage return is written as its code, which starts no formula.
        ("\t=1+1", "\\t=1+1"),
        ("\r=1+1", "\\r=1+1"),
        # Nor a row: a reader would start one at a carriage return, quoted or not.
        ("Tuesday\r=1+1", "Tuesday\\r=1+1"),
        ("\x1b=1+1", "\\x1b=1+1"),
        # Escaped first, made inert after: a sign first is still a sign first.
        ("=1+1\x1b", "'=1+1\\x1b"),
        # Harmless: the sign is not first, or there is none.
        ("Tuesday = Open", "Tuesday = Open"),
        ("12-step study", "12-step study"),
        ("'quoted'", "'quoted'"),
        ("", ""),
    ],
)
def test_csv_text_a_spreadsheet_would_run_is_inert(text: str, cell: str) -> None:
    row = ExportRow(
        started_at=datetime(2026, 1, 6, 19, 0, tzinfo=EST),
        ended_at=None,
        agenda=text,
        meeting=text,
        shares=0,
        tallies={"attendees": 1},
        steps=(),
    )
    header, written = list(csv.reader(io.StringIO(to_csv([row]), newline="")))
    assert header == ["started_at", "ended_at", "agenda", "meeting", "shares", "attendees"]
    assert written == ["2026-01-06T19:00:00.000-05:00", "", cell, cell, "0", "1"]
    (kept,) = json.loads(to_json([row]))
    assert (kept["agenda"], kept["meeting"]) == (text, text)  # JSON stays exactly as it is


# What a terminal acts on: C0 (ESC, BEL, CR, LF, tab), DEL, C1 (CSI is U+009B) and the
# bidirectional controls that reorder what follows them.
CONTROLS = [*map(chr, range(0x20)), "\x7f", *map(chr, range(0x80, 0xA0))]
CONTROLS += [*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))]
SEQUENCES = {
    "window title": "\x1b]0;PWNED\x07",
    "clipboard": "\x1b]52;c;cHduZWQ=\x07",
    "hyperlink": "\x1b]8;;file:x\x1b\\",
    "C1 CSI": "\x9b2J",
    "right to left": "\u202etxt.exe",
}


def hostile_row(text: str, category: str = "attendees") -> ExportRow:
    return ExportRow(
        started_at=datetime(2026, 1, 6, 19, 0, tzinfo=EST),
        ended_at=None,
        agenda=f"evil{text}",
        meeting=f"Tuesday{text}",
        shares=1,
        tallies={category: 4},
        steps=(StepTiming(f"Welcome{text}", 2.0, 2.5),),
    )


def raw_controls(text: str, allowed: str = "") -> list[str]:
    return [char for char in text if char in CONTROLS and char not in allowed]


@pytest.mark.parametrize("sequence", SEQUENCES.values(), ids=list(SEQUENCES))
def test_no_escape_sequence_reaches_the_terminal_through_an_export(sequence: str) -> None:
    rows = [hostile_row(sequence, category=f"c{sequence}")]
    written = to_csv(rows)
    assert raw_controls(written, allowed="\n") == []
    header, row = list(csv.reader(io.StringIO(written, newline="")))
    shown = one_line(sequence)  # as the history shows it: `\x1b]0;PWNED\x07`
    assert (header[-1], row[2], row[3]) == (f"c{shown}", f"evil{shown}", f"Tuesday{shown}")
    printed = to_json(rows)
    assert raw_controls(printed, allowed="\n") == []
    (kept,) = json.loads(printed)
    assert (kept["agenda"], kept["meeting"]) == (f"evil{sequence}", f"Tuesday{sequence}")
    assert kept["steps"][0]["title"] == f"Welcome{sequence}"
    assert list(kept["tallies"]) == [f"c{sequence}"]


def test_every_control_character_is_escaped_in_a_cell_and_kept_in_json() -> None:
    text = "".join(CONTROLS)
    rows = [hostile_row(text), hostile_row("")]
    written = to_csv(rows)
    assert raw_controls(written, allowed="\n") == []
    assert written.count("\n") == 3  # a header and two rows: no character started a row
    assert list(csv.reader(io.StringIO(written, newline="")))[1][2] == "evil" + "".join(
        one_line(char) for char in CONTROLS
    )
    printed = to_json(rows)
    assert raw_controls(printed, allowed="\n") == []
    assert "\\u009b" in printed and "\\u202e" in printed and "\\u007f" in printed
    assert json.loads(printed)[0]["meeting"] == f"Tuesday{text}"


@pytest.mark.parametrize("control", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_a_control_alone_in_plain_text_is_escaped_in_json(control: str) -> None:
    # Alone in text that is otherwise ASCII (DEL is ASCII too), not beside others.
    printed = to_json([hostile_row(control)])
    assert raw_controls(printed, allowed="\n") == []
    assert json.loads(printed)[0]["meeting"] == f"Tuesday{control}"


def test_text_that_is_not_a_control_is_kept_as_it_is() -> None:
    # A no-break space, a zero-width non-joiner (Persian), a family emoji, another script.
    text = "Grupo\u00a0Esperanza \u0646\u06cc\u0645\u0647\u200c\u0634\u0628"
    text += " \U0001f468\u200d\U0001f469 \u65e5"
    written = to_csv([hostile_row(text)])
    assert list(csv.reader(io.StringIO(written, newline="")))[1][3] == f"Tuesday{text}"
    printed = to_json([hostile_row(text)])
    assert f"Tuesday{text}" in printed
    assert json.loads(printed)[0]["meeting"] == f"Tuesday{text}"


def test_a_file_name_that_is_not_utf8_is_written_escaped() -> None:
    # Python reads such a name with lone surrogates, which no UTF-8 file may hold.
    stem = os.fsdecode(b"caf\xe9")
    row = dataclasses.replace(hostile_row(""), agenda=stem)
    assert "caf\\udce9" in to_csv([row])
    to_csv([row]).encode("utf-8")
    assert json.loads(to_json([row]).encode("utf-8"))[0]["agenda"] == stem


def test_meeting_named_like_a_formula_is_exported_inert(
    recorded_meeting: RecordMeeting,
    short_tuesday: Agenda,
    store: Store,
    capsys: pytest.CaptureFixture[str],
) -> None:
    agenda = dataclasses.replace(
        short_tuesday, meeting=dataclasses.replace(short_tuesday.meeting, name=FORMULA)
    )
    m = recorded_meeting(store, agenda, "-tuesday", datetime(2026, 11, 24, 19, 0, tzinfo=EST))
    m.tally(0, 3)
    m.finish()
    _, out, _ = run_cli(capsys)
    assert out.splitlines()[1] == (
        "2026-11-24T19:00:00.000-05:00,2026-11-24T19:00:00.000-05:00,'-tuesday,"
        '"\'=HYPERLINK(""http://x"",""y"")",0,3,0,0'
    )
    assert parsed_csv(out)[0]["meeting"] == "'" + FORMULA
    _, out, _ = run_cli(capsys, "--format", "json")
    assert json.loads(out)[0]["meeting"] == FORMULA
    assert json.loads(out)[0]["agenda"] == "-tuesday"
    assert json.dumps(FORMULA) in out


# --------------------------------------------------------------------------- JSON


def test_json_fields_are_exactly_the_contract(
    four: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run_cli(capsys, "--format", "json")
    meetings = json.loads(out)
    assert len(meetings) == 4
    for meeting in meetings:
        # Counts and timings only: nothing else can creep in, a person's name least of all.
        assert list(meeting) == [
            "started_at",
            "ended_at",
            "agenda",
            "meeting",
            "shares",
            "tallies",
            "steps",
            "corrections",
        ]
        for step in meeting["steps"]:
            assert list(step) == ["title", "planned_minutes", "actual_minutes"]
        assert meeting["corrections"] == []  # none made (test_corrections.py makes some)
    assert meetings[2]["tallies"] == {"visitors": 3, "attendees": 12}
    assert list(meetings[2]["tallies"]) == ["visitors", "attendees"]  # the agenda's order


def test_json_step_minutes_are_rounded_to_two_decimals(
    four: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run_cli(capsys, "--format", "json")
    steps = json.loads(out)[0]["steps"]
    assert steps == [
        {"title": "Welcome", "planned_minutes": 2.0, "actual_minutes": 2.5},
        {"title": "Shares", "planned_minutes": 12.0, "actual_minutes": 7.25},
        {"title": "Close", "planned_minutes": 3.0, "actual_minutes": 2.5},
    ]


def test_json_rounds_thirds(
    recorded_meeting: RecordMeeting,
    short_tuesday: Agenda,
    store: Store,
    capsys: pytest.CaptureFixture[str],
) -> None:
    m = recorded_meeting(store, short_tuesday, "tuesday", datetime(2026, 11, 24, 19, 0, tzinfo=EST))
    m.meeting.start()
    m.clock.advance(100)  # 1.6666... minutes
    m.finish()
    _, out, _ = run_cli(capsys, "--format", "json")
    assert '"actual_minutes":1.67' in out
    assert json.loads(out)[0]["steps"][0]["actual_minutes"] == 1.67


def test_json_is_a_meeting_a_line_in_utf8_with_a_trailing_newline(
    four: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.json"
    run_cli(capsys, "--format", "json", "-o", str(target))
    data = target.read_bytes()
    assert data.endswith(b"}\n]\n")
    assert MERCREDI_NAME.encode("utf-8") in data
    assert b"\\u" not in data
    first, *meetings, last = data.decode("utf-8").split("\n")[:-1]
    assert (first, last) == ("[", "]")
    # Each line is one meeting, compact, so a person (or `grep`) can read it line by line.
    assert [json.loads(line.removesuffix(",")) for line in meetings] == json.loads(data)
    assert all(line.endswith(",") for line in meetings[:-1])
    assert meetings[0].startswith('{"started_at":"2026-11-24T19:01:00.000-05:00","ended_at":')


def test_json_holds_what_the_indented_layout_held(
    four: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    # The export was indented before it was a meeting a line: the same data, to the byte
    # once indented again (export-indented.json is that export as it was written then).
    _, out, _ = run_cli(capsys, "--format", "json")
    indented = json.dumps(json.loads(out), indent=2, ensure_ascii=False) + "\n"
    assert_golden("export-indented.json", indented.encode("utf-8"))


# --------------------------------------------------------------------------- unfinished


def test_unfinished_meeting_has_no_end_and_numbers_as_of_its_last_change(
    four: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run_cli(capsys, "--format", "json", "--agenda", "mercredi")
    (meeting,) = json.loads(out)
    assert meeting["ended_at"] is None
    assert meeting["shares"] == 1  # the share under way is not over yet
    assert meeting["tallies"] == {"attendees": 7, "online": 1}
    # 4 minutes on the first step, 4 on the second until the last event; not the 30 after.
    assert [s["actual_minutes"] for s in meeting["steps"]] == [4.0, 4.0]
    _, csv_out, _ = run_cli(capsys, "--agenda", "mercredi")
    assert parsed_csv(csv_out)[0]["ended_at"] == ""


def test_finished_meeting_without_a_cached_summary_exports_the_same(
    record_tuesday: RecordTuesday, store: Store, tmp_path: Path
) -> None:
    record_tuesday(store, cache_summary=True)
    cached = export_rows(store)
    opened = open_store(tmp_path / "other", lambda: datetime(2026, 1, 1, tzinfo=EST))
    assert opened.store is not None
    record_tuesday(opened.store, cache_summary=False)
    assert opened.store.meetings()[0].summary is None
    rebuilt = export_rows(opened.store)
    opened.store.close()
    assert rebuilt == cached
    assert cached[0].tallies == {"attendees": 5, "newcomers": 1, "online": 0}


def test_rows_are_plain_values() -> None:
    row = ExportRow(
        started_at=datetime(2026, 1, 6, 19, 0, tzinfo=EST),
        ended_at=None,
        agenda="",
        meeting="Line\nbreak",
        shares=0,
        tallies={"b": 1, "a": 2},
        steps=(StepTiming("One", 1.5, 0.0),),
    )
    text = to_csv([row])
    assert text == (
        "started_at,ended_at,agenda,meeting,shares,b,a\n2026-01-06T19:00:00.000-05:00,,,"
        "Line\\nbreak,0,1,2\n"
    )
    assert list(csv.reader(io.StringIO(text, newline="")))[1][3] == "Line\\nbreak"
    assert json.loads(to_json([row]))[0]["ended_at"] is None
    assert json.loads(to_json([row]))[0]["meeting"] == "Line\nbreak"


# --------------------------------------------------------------------------- filters


def started(out: str) -> list[str]:
    return [r["started_at"][:10] for r in parsed_csv(out)]


@pytest.mark.parametrize(
    ("options", "days"),
    [
        ([], ["2026-11-24", "2026-11-26", "2026-11-28", "2026-12-02"]),
        (["--since", "2026-11-26"], ["2026-11-26", "2026-11-28", "2026-12-02"]),
        (["--until", "2026-11-28"], ["2026-11-24", "2026-11-26", "2026-11-28"]),
        (["--since", "2026-11-26", "--until", "2026-11-28"], ["2026-11-26", "2026-11-28"]),
        (["--since", "2026-11-28", "--until", "2026-11-28"], ["2026-11-28"]),
        (["--since", "2026-11-25", "--until", "2026-11-25"], []),
        # 23:30 at -05:00 is the 27th in UTC: the local date is the one that counts.
        (["--since", "2026-11-27", "--until", "2026-11-27"], []),
        (["--until", "2026-11-26"], ["2026-11-24", "2026-11-26"]),
        (["--since", "2026-12-03"], []),
    ],
)
def test_since_and_until_are_inclusive_local_dates(
    four: Store, capsys: pytest.CaptureFixture[str], options: list[str], days: list[str]
) -> None:
    code, out, err = run_cli(capsys, *options)
    assert (code, err) == (EXIT_OK, "")
    assert started(out) == days


def test_api_filters_like_the_command(short_tuesday: Agenda, four: Store) -> None:
    rows = export_rows(four, since=date(2026, 11, 26), until=date(2026, 11, 28))
    assert [r.meeting for r in rows] == [short_tuesday.meeting.name, SATURDAY_NAME]
    assert [r.agenda for r in export_rows(four, agenda=MERCREDI_NAME)] == ["mercredi"]


@pytest.mark.parametrize(
    ("agenda", "expected"),
    [
        ("tuesday", ["tuesday", "tuesday"]),
        ("Tuesday Night Open Discussion", ["tuesday", "tuesday"]),
        ("saturday", ["saturday"]),
        ("saturday.toml", ["saturday"]),
        ("somewhere/else/saturday.toml", ["saturday"]),
        (SATURDAY_NAME, ["saturday"]),
        (f"  {SATURDAY_NAME.upper()} ", ["saturday"]),
        ("tuesday night open discussion", ["tuesday", "tuesday"]),
        (MERCREDI_NAME, ["mercredi"]),
        (MERCREDI_NAME.casefold(), ["mercredi"]),
    ],
)
def test_agenda_matches_the_file_stem_or_the_meeting_name(
    four: Store, capsys: pytest.CaptureFixture[str], agenda: str, expected: list[str]
) -> None:
    code, out, _ = run_cli(capsys, "--agenda", agenda)
    assert code == EXIT_OK
    assert [r["agenda"] for r in parsed_csv(out)] == expected


def test_agenda_filter_keeps_only_its_categories(
    four: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run_cli(capsys, "--agenda", "saturday")
    assert out.split("\n")[0] == "started_at,ended_at,agenda,meeting,shares,visitors,attendees"


@pytest.mark.parametrize(
    ("agenda", "line"),
    [
        ("sunday", '--agenda sunday: no meetings of this agenda; did you mean "saturday"?'),
        ("Tuesday Nite Open Discusion", 'did you mean "Tuesday Night Open Discussion"?'),
        ("nonexistent", "no meetings of this agenda (recorded: mercredi, saturday, tuesday)"),
        ("Tuesday", 'did you mean "tuesday"?'),  # a file's name is matched as it is spelt
        ("tuesday.TOML", 'did you mean "tuesday"?'),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_agenda_no_meeting_was_recorded_with_is_one_line_and_exit_2(
    four: Store, capsys: pytest.CaptureFixture[str], agenda: str, line: str, fmt: str
) -> None:
    code, out, err = run_cli(capsys, "--agenda", agenda, "--format", fmt)
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert line in one_line_error(err)
    assert one_line_error(err).startswith(f"--agenda {agenda}: ")


def test_an_agenda_given_to_an_empty_record_is_one_line(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "meetings.csv"
    code, out, err = run_cli(capsys, "--agenda", "saturday", "-o", str(target))
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert one_line_error(err) == "--agenda saturday: no meetings are recorded yet"
    assert not target.exists()


def test_an_agenda_name_is_echoed_without_its_controls(
    four: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(capsys, "--agenda", "sun\x1b]0;owned\x07day")
    assert code == EXIT_BAD_INPUT
    assert "\x1b" not in err and "\x07" not in err


def test_no_meetings_found(four: Store, capsys: pytest.CaptureFixture[str]) -> None:
    # The agenda has meetings, none in these dates: an empty export, as for no filter.
    assert run_cli(capsys, "--agenda", "saturday", "--until", "2020-01-01") == (
        EXIT_OK,
        "started_at,ended_at,agenda,meeting,shares\n",
        "",
    )
    assert run_cli(capsys, "--format", "json", "--since", "2027-01-01") == (EXIT_OK, "[]\n", "")


def test_no_meetings_yet(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys) == (EXIT_OK, "started_at,ended_at,agenda,meeting,shares\n", "")
    assert run_cli(capsys, "--format", "json") == (EXIT_OK, "[]\n", "")


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_no_database_exits_2_and_creates_nothing(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    # An empty export here would let a nightly job replace good records with nothing.
    target = tmp_path / f"records.{fmt}"
    target.write_bytes(b"last night's records")
    for args in ([], ["-o", str(target), "--force"]):
        code, out, err = run_cli(capsys, "--format", fmt, *args)
        assert (code, out) == (EXIT_BAD_INPUT, "")
        assert one_line_error(err) == (
            f"{data_dir / DB_NAME}: no such file: no meeting has been kept in this data "
            "directory; nothing was exported (FACILITATOR_DATA_DIR chooses another data "
            "directory)"
        )
    assert not data_dir.exists()
    assert target.read_bytes() == b"last night's records"


# --------------------------------------------------------------------------- -o FILE


def test_output_file_is_private(
    four: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "meetings.csv"
    old_umask = os.umask(0o022)
    try:
        assert run_cli(capsys, "-o", str(target)) == (EXIT_OK, "", "")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes() == (GOLDEN / "export.csv").read_bytes()


def test_output_refuses_an_existing_file_without_force(
    four: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "meetings.csv"
    target.write_bytes(b"the treasurer's notes\r\n\x00")
    before = target.stat()
    code, out, err = run_cli(capsys, "-o", str(target))
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert one_line_error(err) == f"-o {target}: already exists; add --force to replace it"
    assert target.read_bytes() == b"the treasurer's notes\r\n\x00"
    assert target.stat().st_ino == before.st_ino
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "meetings.csv"]


def test_existing_file_is_refused_before_the_store_is_opened(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "meetings.csv"
    target.write_bytes(b"keep")
    assert run_cli(capsys, "-o", str(target))[0] == EXIT_BAD_INPUT
    assert not data_dir.exists()


def test_file_that_appears_while_exporting_is_not_replaced(
    four: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import facilitator.records.export

    target = tmp_path / "meetings.csv"
    real_write_csv = facilitator.records.export.write_csv

    def write_csv_meanwhile(rows: Iterable[ExportRow], out: IO[bytes]) -> int:
        target.write_bytes(b"written meanwhile")  # after the early check, before the end
        return real_write_csv(rows, out)

    monkeypatch.setattr(facilitator.records.export, "write_csv", write_csv_meanwhile)
    code, out, err = run_cli(capsys, "-o", str(target))
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert one_line_error(err) == f"-o {target}: already exists; add --force to replace it"
    assert target.read_bytes() == b"written meanwhile"


def test_force_replaces_the_file(
    four: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "meetings.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    assert run_cli(capsys, "--format", "json", "-o", str(target), "--force") == (EXIT_OK, "", "")
    assert target.read_bytes() == (GOLDEN / "export.json").read_bytes()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "meetings.json"]


def test_force_without_an_existing_file_just_writes(
    four: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "new.csv"
    assert run_cli(capsys, "-o", str(target), "--force")[0] == EXIT_OK
    assert target.read_bytes() == (GOLDEN / "export.csv").read_bytes()


def test_output_long_option_and_home(
    four: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert run_cli(capsys, "--output", "~/m.csv")[0] == EXIT_OK
    assert (tmp_path / "m.csv").read_bytes() == (GOLDEN / "export.csv").read_bytes()


def unwritable_cases(tmp_path: Path) -> list[tuple[str, str]]:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    return [
        (
            str(tmp_path / "missing" / "m.csv"),
            f"no such folder {tmp_path / 'missing'}; give a file in an existing folder",
        ),
        (
            str(tmp_path / "a-file" / "m.csv"),
            f"no such folder {tmp_path / 'a-file'}; give a file in an existing folder",
        ),
        (str(tmp_path / "folder"), "is a folder; give a file name, such as meetings.csv"),
    ]


@pytest.mark.parametrize("force", [False, True])
def test_unwritable_paths_exit_2_with_one_line(
    four: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str], force: bool
) -> None:
    for path, problem in unwritable_cases(tmp_path):
        code, out, err = run_cli(capsys, "-o", path, *(["--force"] if force else []))
        assert (code, out) == (EXIT_BAD_INPUT, "")
        assert one_line_error(err) == f"-o {path}: {problem}"
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "x"
    assert list((tmp_path / "folder").iterdir()) == []


def test_permission_denied_exits_2_with_one_line(
    four: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    if os.access(locked, os.W_OK):
        locked.chmod(0o700)
        pytest.skip("permissions are not enforced for this user (root)")
    try:
        code, out, err = run_cli(capsys, "-o", str(locked / "m.csv"))
    finally:
        locked.chmod(0o700)
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert one_line_error(err) == (
        f"-o {locked / 'm.csv'}: cannot be written: permission denied; "
        "give a file in a folder you can write to"
    )


@pytest.mark.parametrize(
    ("error", "problem"),
    [
        (
            PermissionError(errno.EACCES, "Permission denied"),
            "cannot be written: permission denied; give a file in a folder you can write to",
        ),
        (
            OSError(errno.ENOSPC, "No space left on device"),
            "cannot be written: No space left on device",
        ),
        (OSError(errno.EROFS, "Read-only file system"), "cannot be written: Read-only file system"),
        (FileExistsError(errno.EEXIST, "File exists"), "already exists; add --force to replace it"),
    ],
)
def test_write_errors_exit_2_with_one_line(
    four: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    error: OSError,
    problem: str,
) -> None:
    # Whatever the disk says (even as root, who is never denied), one line and no traceback.
    def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr("facilitator.system.files.atomic_file", fail)
    target = tmp_path / "m.csv"
    code, out, err = run_cli(capsys, "-o", str(target))
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert one_line_error(err) == f"-o {target}: {problem}"


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "value", ["2024-13-01", "2024-02-30", "yesterday", "2024-1-5", "20240105", "2024-W01-1", ""]
)
@pytest.mark.parametrize("option", ["--since", "--until"])
def test_bad_dates_exit_2_with_one_line(
    four: Store, capsys: pytest.CaptureFixture[str], option: str, value: str
) -> None:
    code, out, err = run_cli(capsys, option, value)
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert one_line_error(err) == f"{option} {value}: not a date; give YYYY-MM-DD, e.g. 2026-03-05"


def test_since_after_until_exits_2(four: Store, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "--since", "2026-11-29", "--until", "2026-11-28")
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert one_line_error(err) == (
        "--since 2026-11-29 is after --until 2026-11-28; give a --since on or before --until"
    )


def test_bad_date_is_refused_before_anything_is_written(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = run_cli(capsys, "--since", "soon", "-o", str(tmp_path / "m.csv"))
    assert code == EXIT_BAD_INPUT
    assert not (tmp_path / "m.csv").exists()
    assert not data_dir.exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--format", "xml"], "invalid choice: 'xml'"),
        (["--since"], "expected one argument"),
        (["--colour"], "unrecognized arguments: --colour"),
        (["-o"], "expected one argument"),
    ],
)
def test_argument_errors_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["export", *args])
    assert exited.value.code == EXIT_BAD_INPUT
    out, err = capsys.readouterr()
    assert out == ""
    line = one_line_error(err)
    assert line.startswith("facilitator export: ") and words in line
    assert line.endswith("(see facilitator export --help)")


def test_help_lists_the_export_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    assert "facilitator export [OPTIONS]" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exited:
        main(["export", "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    for option in (
        "--format {csv,json}",
        "--since YYYY-MM-DD",
        "--until YYYY-MM-DD",
        "--agenda NAME",
        "-o FILE",
        "--force",
    ):
        assert option in out


# --------------------------------------------------------------------------- the store


def test_damaged_database_is_left_as_it_is(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir.mkdir(mode=0o700)
    damaged = b"not a database, but somebody's file" * 200
    (data_dir / DB_NAME).write_bytes(damaged)
    target = tmp_path / "records.csv"
    target.write_bytes(b"last night's records")
    code, out, err = run_cli(capsys, "-o", str(target), "--force")
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert one_line_error(err) == (
        f"{data_dir / DB_NAME}: cannot be read as facilitator's meetings: file is not a "
        "database; nothing was exported and the file is left as it is (restore it from a "
        "backup, or start facilitator, which sets it aside and begins afresh)"
    )
    assert (data_dir / DB_NAME).read_bytes() == damaged
    assert [p.name for p in data_dir.iterdir()] == [DB_NAME]  # not moved aside, no new one
    assert target.read_bytes() == b"last night's records"


def test_no_data_directory_exits_2_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    monkeypatch.setenv("FACILITATOR_DATA_DIR", str(tmp_path / "a-file" / "data"))
    code, out, err = run_cli(capsys)
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert one_line_error(err).startswith(
        f"{tmp_path / 'a-file' / 'data' / DB_NAME}: no such file: no meeting has been kept"
    )
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "x"


def test_damaged_meeting_exits_2_with_one_line(
    four: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    four.connection.execute("UPDATE meetings SET agenda_json = '{}' WHERE agenda = 'saturday'")
    code, out, err = run_cli(capsys)
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert "the meetings could not be read" in one_line_error(err)


# --------------------------------------------------------------------------- atomic_write


def test_atomic_write_creates_a_private_file(tmp_path: Path) -> None:
    target = tmp_path / "agenda.toml"
    for umask in (0, 0o277):  # 0600 exactly, whatever the umask
        target.unlink(missing_ok=True)
        old_umask = os.umask(umask)
        try:
            atomic_write(target, b"data", overwrite=False)
        finally:
            os.umask(old_umask)
        assert target.read_bytes() == b"data"
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["agenda.toml"]


def test_atomic_write_refuses_to_replace_without_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "agenda.toml"
    target.write_bytes(b"old")
    with pytest.raises(FileExistsError):
        atomic_write(target, b"new", overwrite=False)
    assert target.read_bytes() == b"old"
    dangling = tmp_path / "link"
    dangling.symlink_to(tmp_path / "nowhere")
    with pytest.raises(FileExistsError):
        atomic_write(dangling, b"new", overwrite=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["agenda.toml", "link"]


def test_atomic_write_replaces_with_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "agenda.toml"
    target.write_bytes(b"old")
    target.chmod(0o664)
    atomic_write(target, b"new", overwrite=True)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_atomic_write_refuses_a_folder(tmp_path: Path) -> None:
    for overwrite in (False, True):
        with pytest.raises(IsADirectoryError):
            atomic_write(tmp_path, b"new", overwrite=overwrite)
    assert list(tmp_path.iterdir()) == []


def test_atomic_write_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        atomic_write(tmp_path / "missing" / "a.toml", b"new", overwrite=True)


def test_atomic_write_fsyncs_the_file_then_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[str] = []
    real_fsync = os.fsync
    real_replace = os.replace

    def fsync(fd: int) -> None:
        mode = os.fstat(fd).st_mode
        synced.append("folder" if stat.S_ISDIR(mode) else f"file:{os.fstat(fd).st_size}")
        real_fsync(fd)

    def replace(src: str, dst: Path) -> None:
        assert Path(src).parent == tmp_path  # same folder: the rename is atomic
        synced.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    atomic_write(tmp_path / "a.toml", b"12345", overwrite=True)
    assert synced == ["file:5", "replace", "folder"]


def test_atomic_write_without_overwrite_never_replaces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.toml"
    real_link = os.link

    def link(src: str, dst: Path) -> None:
        target.write_bytes(b"written meanwhile")  # another program got there first
        real_link(src, dst)

    monkeypatch.setattr(os, "link", link)
    with pytest.raises(FileExistsError):
        atomic_write(target, b"new", overwrite=False)
    assert target.read_bytes() == b"written meanwhile"
    assert [p.name for p in tmp_path.iterdir()] == ["a.toml"]


def test_atomic_write_where_there_are_no_hard_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def link(src: str, dst: Path) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", link)
    target = tmp_path / "a.toml"
    atomic_write(target, b"new", overwrite=False)
    assert target.read_bytes() == b"new"
    with pytest.raises(FileExistsError):
        atomic_write(target, b"newer", overwrite=False)
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["a.toml"]


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_atomic_write_failure_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "a.toml"
    target.write_bytes(b"old")

    def fail(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, failing, fail)
    with pytest.raises(OSError, match="No space left"):
        atomic_write(target, b"new", overwrite=True)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.toml"]
