"""`python -m cruscotto load | versioni | ripristina`: the same check as the page, exit codes for automation,
every problem named by sheet, row and column. Stores live in tmp_path (data/local/ is never touched)."""
import hashlib
import os
import subprocess
import sys
from zoneinfo import ZoneInfo

import pytest

from cruscotto.__main__ import main
from cruscotto.local.store import LocalStore
from cruscotto.paths import REPO
from tests.test_local_load import AMBITI, AMBITO, SERVIZI, csv_bytes, make_context_db, tree_hashes


@pytest.fixture(scope="module")
def official(tmp_path_factory):
    return make_context_db(tmp_path_factory.mktemp("cli") / "official.duckdb")


@pytest.fixture
def local_dir(tmp_path, monkeypatch):
    folder = tmp_path / "local"
    monkeypatch.setenv("CRUSCOTTO_LOCAL_DIR", str(folder))
    return folder


def write(tmp_path, name, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def run(*args) -> int:
    return main([str(a) for a in args])


def test_load_stores_a_valid_file_and_prints_the_preview_and_version(tmp_path, official, local_dir, capsys):
    # 098002: a co-payment above the comuni's spending is valid (spesa_euro is net of the co-payment)
    path = write(tmp_path, "servizi.csv", csv_bytes(SERVIZI, "2023;098001;sad;5;;100,5;", "2023;098002;sad;6;;200;450"))
    assert run("load", path, "--ambito", AMBITO, "--db", official, "--utente", "Anna") == 0
    out = capsys.readouterr().out
    assert "Versione 1 salvata" in out and "Anna" in out
    assert "righe nuove" in out
    tables = LocalStore(local_dir).snapshot()
    assert sorted(tables["services"]["spending_eur"]) == [100.5, 200.0]
    assert tables["services"]["copayment_eur"].sum(min_count=1) == 450
    assert tables["uploads"].iloc[0]["user"] == "Anna"
    assert tables["uploads"].iloc[0]["file_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_default_user_is_the_command_line_and_the_os_user(tmp_path, official, local_dir):
    path = write(tmp_path, "servizi.csv", csv_bytes(SERVIZI, "2023;098001;sad;5;;100;"))
    assert run("load", path, "--ambito", AMBITO, "--db", official) == 0
    user = LocalStore(local_dir).versions().iloc[0]["user"]
    assert user.startswith("riga di comando (") and user.endswith(")")


def test_errors_exit_1_name_row_and_column_and_store_nothing(tmp_path, official, local_dir, capsys):
    path = write(tmp_path, "servizi.csv", csv_bytes(SERVIZI, "2023;098001;sad;5;;100;", "2023;098001;cdi;-2;;x;",
                                                    "2023;019001;rsa;1;;1;"))
    assert run("load", path, "--ambito", AMBITO, "--db", official) == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("ERRORE")]
    assert len(lines) == 3, err
    assert any("riga 3, colonna utenti, valore «-2»" in line for line in lines)
    assert any("riga 3, colonna spesa_euro, valore «x»" in line for line in lines)
    assert any("riga 4, colonna codice_territorio, valore «019001»" in line for line in lines)
    assert "Niente è stato salvato" in err
    assert LocalStore(local_dir).current_version() is None
    # the refusal is in the audit log, and nothing else was written
    assert sorted(p.name for p in local_dir.iterdir()) == ["audit.jsonl"]
    assert LocalStore(local_dir).audit_events()[-1]["action"] == "load_refused"


def test_messages_in_english(tmp_path, official, local_dir, capsys):
    path = write(tmp_path, "servizi.csv", csv_bytes(SERVIZI, "2023;098001;sad;-2;;1;"))
    assert run("load", path, "--ambito", AMBITO, "--db", official, "--lingua", "en") == 1
    err = capsys.readouterr().err
    assert "ERROR — sheet servizi.csv, row 2, column utenti, value «-2»" in err
    assert "Nothing was stored" in err


def test_an_unreadable_file_exits_2_and_changes_nothing(tmp_path, official, local_dir, capsys):
    good = write(tmp_path, "servizi.csv", csv_bytes(SERVIZI, "2023;098001;sad;5;;100;"))
    assert run("load", good, "--ambito", AMBITO, "--db", official) == 0
    before = {k: v for k, v in tree_hashes(local_dir).items() if k != "audit.jsonl"}
    capsys.readouterr()
    for name, content in (("dati.pdf", b"%PDF-1.4"), ("dati.xlsx", b"no zip here"), ("dati.csv", b"nome;cognome\nA;B\n")):
        assert run("load", write(tmp_path, name, content), "--ambito", AMBITO, "--db", official) == 2
        assert "rifiutato" in capsys.readouterr().err
    assert run("load", tmp_path / "missing.csv", "--ambito", AMBITO, "--db", official) == 2
    assert {k: v for k, v in tree_hashes(local_dir).items() if k != "audit.jsonl"} == before


def test_dry_run_checks_and_stores_nothing(tmp_path, official, local_dir, capsys):
    path = write(tmp_path, "servizi.csv", csv_bytes(SERVIZI, "2023;098001;sad;5;;100;"))
    assert run("load", path, "--ambito", AMBITO, "--db", official, "--dry-run") == 0
    assert "niente è stato salvato" in capsys.readouterr().out
    assert not local_dir.exists()
    bad = write(tmp_path, "bad.csv", csv_bytes(SERVIZI, "2023;098001;sad;-5;;100;"))
    assert run("load", bad, "--ambito", AMBITO, "--db", official, "--dry-run") == 1
    assert not local_dir.exists()


def test_versions_and_revert(tmp_path, official, local_dir, capsys):
    assert run("versioni") == 0
    assert "Nessun dato" in capsys.readouterr().out
    first = write(tmp_path, "v1.csv", csv_bytes(SERVIZI, "2023;098001;sad;5;;100;"))
    second = write(tmp_path, "v2.csv", csv_bytes(SERVIZI, "2023;098001;sad;9;;900;"))
    assert run("load", first, "--ambito", AMBITO, "--db", official) == 0
    assert run("load", second, "--ambito", AMBITO, "--db", official) == 0
    out = capsys.readouterr().out
    assert "modificata" in out  # the second load's preview: users 5 -> 9
    assert run("ripristina", 1, "--utente", "admin") == 0
    assert "Versione 3 salvata" in capsys.readouterr().out
    assert LocalStore(local_dir).snapshot()["services"]["users"].tolist() == [5.0]
    assert run("versioni", "--lingua", "en") == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0].split()[:2] == ["version", "when"]
    assert listing[1].split()[0] == "3" and "revert to version 1" in listing[1] and "✓" in listing[1]
    assert "Italian time" in listing[0]
    loaded = LocalStore(local_dir).versions().set_index("version").loc[3, "loaded_at"]
    italian = loaded.to_pydatetime().astimezone(ZoneInfo("Europe/Rome")).strftime("%d/%m/%Y %H:%M")
    assert italian in listing[1]  # Italian local time, day first
    assert "v2.csv" in listing[2] and "v1.csv" in listing[3]
    assert run("ripristina", 42) == 1
    assert "42" in capsys.readouterr().err


def test_load_command_runs_as_a_module_with_its_exit_code(tmp_path, official):
    """The real `python -m cruscotto load` (what automation calls), with the store folder as an option."""
    bad = write(tmp_path, "servizi.csv", csv_bytes(SERVIZI, "2023;098001;sad;5;;100;", "2023;098001;sad;6;;100;"))
    store = tmp_path / "store"
    env = {k: v for k, v in os.environ.items() if k != "CRUSCOTTO_LOCAL_DIR"}
    command = [sys.executable, "-m", "cruscotto", "load", str(bad), "--ambito", AMBITO, "--db", str(official),
               "--dati-locali", str(store)]
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert "riga 3, colonna servizio" in result.stderr
    good = write(tmp_path, "ambiti.csv", csv_bytes(AMBITI, "098001;amb-test;Ambito Test;2020"))
    command[4] = str(good)
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert LocalStore(store).current_version() == 1
