"""The export: no formula runs in a spreadsheet, no symbolic link is followed, a full disk changes nothing."""
import errno
import os

import pandas as pd
import pytest

from cruscotto import export, open_data
from cruscotto.export import SymlinkRefused, excel_safe, to_csv_bytes, to_readable_csv_bytes


@pytest.mark.parametrize("cell, safe", [
    ("a;=1+1", "a;'=1+1"),                       # Italian Excel splits a comma CSV on ";"
    ("a,=1+1", "a,'=1+1"),                       # English Excel splits a ";" CSV on ","
    ("a; =HYPERLINK(\"x\")", "a; '=HYPERLINK(\"x\")"),
    ("a\t@SUM(A1)", "a\t'@SUM(A1)"),
    ("a\r+cmd", "a\r'+cmd"),
    ("a\n-2+3", "a\n'-2+3"),
    ("=x;=y", "'=x;'=y"),
    ("\t=1", "'\t'=1"),          # a tab starts the cell and, split there, a piece
    ("\r=1", "'\r'=1"),
])
def test_a_formula_after_a_separator_is_neutralised(cell, safe):
    assert excel_safe(pd.DataFrame({"c": [cell]}))["c"].iloc[0] == safe


@pytest.mark.parametrize("cell", ["Milano, Lodi", "2019;-25", "valori: 1,5; -3,2", "a;b", "-25", "+3,5", "a - b"])
def test_ordinary_text_and_numbers_stay_as_they_are(cell):
    assert excel_safe(pd.DataFrame({"c": [cell]}))["c"].iloc[0] == cell


def test_split_pieces_of_a_written_csv_never_start_a_formula():
    frame = pd.DataFrame({"note": ["a;=1+1", "b,@cmd"], "value": [1.5, 2.0]})
    for text in (to_csv_bytes(frame).decode("utf-8-sig"),
                 to_readable_csv_bytes(frame, {"value": 1}).decode("utf-8-sig")):
        for line in text.splitlines()[1:]:
            for piece in line.replace('"', "").replace(";", ",").split(","):
                assert not piece.lstrip().startswith(("=", "+", "@")), (line, piece)


FILES = {"cruscotto_welfare.csv": b"a,b\n1,2\n", "README.md": b"new\n"}


def test_a_symlinked_out_folder_is_refused(tmp_path):
    target = tmp_path / "elsewhere"
    target.mkdir()
    (tmp_path / "out").symlink_to(target)
    with pytest.raises(SymlinkRefused):
        open_data.write_bundle(FILES, tmp_path / "out")
    assert list(target.iterdir()) == []


def test_a_file_that_is_a_symlink_is_refused_and_its_target_untouched(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (out / "README.md").symlink_to(victim)
    with pytest.raises(SymlinkRefused):
        open_data.write_bundle(FILES, out)
    assert victim.read_text() == "keep me"
    assert sorted(p.name for p in out.iterdir()) == ["README.md"]


def test_export_command_refuses_a_symlinked_out_folder(tmp_path, real_db_path, capsys):
    from cruscotto.__main__ import main
    target = tmp_path / "elsewhere"
    target.mkdir()
    (tmp_path / "out").symlink_to(target)
    assert main(["export", "--out", str(tmp_path / "out"), "--db", str(real_db_path), "--senza-dati-locali"]) == 1
    err = capsys.readouterr().err
    assert "collegamento simbolico" in err and "Traceback" not in err
    assert list(target.iterdir()) == []


def full_disk_midway(monkeypatch):
    original = export._write
    calls = []

    def write_then_fill_the_disk(descriptor, content):
        calls.append(1)
        if len(calls) == 2:
            os.write(descriptor, content[: len(content) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        original(descriptor, content)
    monkeypatch.setattr(export, "_write", write_then_fill_the_disk)


def test_a_full_disk_leaves_the_previous_export_and_no_temporary_file(tmp_path, monkeypatch):
    out = tmp_path / "out"
    open_data.write_bundle({"cruscotto_welfare.csv": b"old data\n", "README.md": b"old\n"}, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    full_disk_midway(monkeypatch)
    with pytest.raises(OSError) as caught:
        open_data.write_bundle(FILES, out)
    assert caught.value.errno == errno.ENOSPC
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_export_command_on_a_full_disk_says_so(tmp_path, real_db_path, monkeypatch, capsys):
    from cruscotto.__main__ import main
    full_disk_midway(monkeypatch)
    out = tmp_path / "out"
    assert main(["export", "--out", str(out), "--db", str(real_db_path), "--senza-dati-locali", "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "were not changed" in err and "Traceback" not in err
    assert list(out.iterdir()) == []
