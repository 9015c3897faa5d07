"""Accounts for /carica: scrypt hashes, who may load for which ambito, failed logins slowed down and logged,
and the gate in front of Streamlit's upload endpoint."""
import asyncio
import base64
import hashlib
import logging

import pytest

from cruscotto.local import accounts, upload_gate
from cruscotto.local.accounts import Throttle, accounts_from, hash_password, login, may_load, verify_password

PASSWORD = "corretta-cavallo-batteria"


@pytest.fixture(scope="module")
def configured():
    """Two accounts as they would sit under [carica] in secrets.toml (hashes made once: scrypt is slow)."""
    return {"accounts": {
        "cremona": {"name": "Ufficio di Piano di Cremona", "ambito": "ambito-di-cremona",
                    "password_hash": hash_password(PASSWORD)},
        "admin": {"name": "Amministratore", "role": "admin", "password_hash": hash_password("amministra-tutto-1")},
    }}


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_hash_is_scrypt_with_a_random_salt_and_checks_against_hashlib():
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first != second  # fresh salt each time
    assert PASSWORD not in first
    scheme, params, salt, key = first.split("$")
    assert (scheme, params) == ("scrypt", "n=16384,r=8,p=1")
    # the stored key is what hashlib.scrypt gives for that salt: computed here, not through the module
    expected = hashlib.scrypt(PASSWORD.encode(), salt=base64.b64decode(salt), n=16384, r=8, p=1, dklen=32)
    assert base64.b64decode(key) == expected
    assert verify_password(PASSWORD, first) and verify_password(PASSWORD, second)


@pytest.mark.parametrize("attempt", ["", "corretta-cavallo-batteri", "CORRETTA-CAVALLO-BATTERIA", PASSWORD + " "])
def test_wrong_passwords_fail(attempt):
    assert not verify_password(attempt, hash_password(PASSWORD))


@pytest.mark.parametrize("stored", ["", "plain-text", PASSWORD, "scrypt$n=16384,r=8,p=1$$", "bcrypt$x$y",
                                    "scrypt$n=1048577,r=8,p=1$c2FsdA==$" + "A" * 44,  # n not a power of two
                                    "scrypt$n=4194304,r=8,p=1$c2FsdHNhbHQ=$" + "A" * 44])  # n too costly
def test_malformed_hashes_never_match(stored):
    assert not verify_password(PASSWORD, stored)


def test_accounts_from_secrets(configured):
    found, problems = accounts_from(configured)
    assert set(found) == {"cremona", "admin"} and problems == []
    assert found["cremona"].ambito == "ambito-di-cremona" and not found["cremona"].is_admin
    assert found["admin"].is_admin and found["admin"].ambito is None


def test_accounts_without_hash_or_ambito_are_left_out_and_said():
    found, problems = accounts_from({"accounts": {
        "nohash": {"ambito": "ambito-di-lodi", "password": "in chiaro"},
        "noambito": {"password_hash": hash_password(PASSWORD)},
        "strange": {"role": "superuser", "password_hash": hash_password(PASSWORD)},
    }})
    assert found == {}
    assert len(problems) == 3 and any("nohash" in p for p in problems) and any("noambito" in p for p in problems)


def test_no_accounts_configured():
    assert accounts_from(None) == ({}, [])
    assert accounts_from({}) == ({}, [])


def test_login_right_wrong_and_unknown_user(configured):
    found, _ = accounts_from(configured)
    throttle = Throttle(clock=FakeClock())
    ok = login("Cremona ", PASSWORD, found, session_id="s1", throttle=throttle)
    assert ok.ok and ok.account.ambito == "ambito-di-cremona"
    wrong = login("cremona", "sbagliata", found, session_id="s1", throttle=throttle)
    unknown = login("nessuno", PASSWORD, found, session_id="s1", throttle=throttle)
    # both refusals look the same to the user: no account, no wait, nothing saying which part was wrong
    assert wrong == unknown == accounts.LoginResult(None, 0)


def test_account_loads_only_for_its_ambito_admin_for_any(configured):
    found, _ = accounts_from(configured)
    assert may_load(found["cremona"], "ambito-di-cremona")
    assert not may_load(found["cremona"], "ambito-di-lodi")
    assert not may_load(found["cremona"], "")
    assert may_load(found["admin"], "ambito-di-lodi") and may_load(found["admin"], "ambito-di-cremona")


def test_five_failures_then_the_right_password_is_refused_until_the_delay(configured, caplog):
    found, _ = accounts_from(configured)
    clock = FakeClock()
    throttle = Throttle(clock=clock)
    events = []
    caplog.set_level(logging.WARNING, logger="cruscotto.local.accounts")
    for attempt in range(5):
        assert not login("cremona", f"sbagliata-{attempt}", found, session_id="s1", throttle=throttle,
                         audit=events.append).ok
        clock.now += 1
    refused = login("cremona", PASSWORD, found, session_id="s1", throttle=throttle, audit=events.append)
    assert not refused.ok and refused.wait_seconds > 0  # the right password, refused
    # after the fifth failure at t=1004 the delay is 5 s: at t=1005 there are 4 s left
    assert refused.wait_seconds == 4
    clock.now += 3.5
    assert not login("cremona", PASSWORD, found, session_id="s1", throttle=throttle).ok
    clock.now += 1
    assert login("cremona", PASSWORD, found, session_id="s1", throttle=throttle).ok
    actions = [event["action"] for event in events]
    assert actions == ["login_failed"] * 5 + ["login_throttled"]
    assert events[4]["failures"] == 5 and events[5]["wait_seconds"] == 4
    assert all(PASSWORD not in str(event) and "sbagliata" not in str(event) for event in events)
    logged = [record.getMessage() for record in caplog.records]
    assert sum("Login failed" in line for line in logged) == 5 and any("throttled" in line for line in logged)
    assert not any(PASSWORD in line or "sbagliata" in line for line in logged)


def test_the_delay_doubles_and_is_capped():
    clock = FakeClock()
    throttle = Throttle(clock=clock)
    delays = [throttle.delay(n) for n in range(4, 14)]
    assert delays == [0, 5, 10, 20, 40, 80, 160, 320, 640, 900]
    for _ in range(7):
        throttle.failure(["user:x"])
    assert throttle.wait(["user:x"]) == 20
    clock.now += 19
    assert throttle.wait(["user:x"]) == 1


def test_one_session_trying_many_user_names_is_slowed_down(configured):
    found, _ = accounts_from(configured)
    throttle = Throttle(clock=FakeClock())
    for name in ("a", "b", "c", "d", "e"):
        login(name, "x", found, session_id="attacker", throttle=throttle)
    assert login("cremona", PASSWORD, found, session_id="attacker", throttle=throttle).wait_seconds > 0
    # another session, same right password: the user name "cremona" has no failures, so it logs in
    assert login("cremona", PASSWORD, found, session_id="someone-else", throttle=throttle).ok


def test_counting_is_shared_across_sessions_for_a_user_name(configured):
    found, _ = accounts_from(configured)
    throttle = Throttle(clock=FakeClock())
    for session in range(5):
        login("cremona", "sbagliata", found, session_id=f"session-{session}", throttle=throttle)
    assert login("cremona", PASSWORD, found, session_id="fresh", throttle=throttle).wait_seconds > 0


def test_a_success_resets_the_count(configured):
    found, _ = accounts_from(configured)
    throttle = Throttle(clock=FakeClock())
    for _ in range(4):
        login("cremona", "sbagliata", found, session_id="s", throttle=throttle)
    assert login("cremona", PASSWORD, found, session_id="s", throttle=throttle).ok
    for _ in range(4):
        login("cremona", "sbagliata", found, session_id="s", throttle=throttle)
    assert login("cremona", PASSWORD, found, session_id="s", throttle=throttle).ok


def test_an_audit_that_fails_does_not_break_login(configured):
    found, _ = accounts_from(configured)

    def broken(event):
        raise OSError("disk full")

    assert login("cremona", PASSWORD, found, throttle=Throttle(clock=FakeClock()), audit=broken).ok


def test_hash_command_prints_a_line_that_verifies(monkeypatch, capsys):
    answers = iter(["una-password-lunga", "una-password-lunga"])
    monkeypatch.setattr(accounts.getpass, "getpass", lambda prompt="": next(answers))
    assert accounts.main_hash_password() == 0
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert line.startswith('password_hash = "scrypt$') and "una-password-lunga" not in line
    assert verify_password("una-password-lunga", line.split('"')[1])


def test_hash_command_refuses_different_passwords(monkeypatch, capsys):
    answers = iter(["una-password-lunga", "un'altra-password"])
    monkeypatch.setattr(accounts.getpass, "getpass", lambda prompt="": next(answers))
    assert accounts.main_hash_password() == 1
    assert "scrypt" not in capsys.readouterr().out


# ---------------------------------------------------------------- the upload endpoint's gate

def _call_gate(method: str, path: str) -> int:
    """The status the gate answers; 200 when it passes the request on to Streamlit."""
    sent = []

    async def downstream(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def receive():
        raise AssertionError("the gate must not read the body of a refused upload")

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path}
    gate = upload_gate.UploadGate(downstream)
    asyncio.run(gate(scope, receive, send))
    return sent[0]["status"]


def test_gate_refuses_uploads_of_sessions_that_did_not_log_in():
    assert _call_gate("PUT", "/_stcore/upload_file/visitor-session/file-1") == 403
    assert _call_gate("PUT", "/base/path/_stcore/upload_file/visitor-session/file-1") == 403
    assert _call_gate("DELETE", "/_stcore/upload_file/visitor-session/file-1") == 403
    upload_gate.grant("planner-session")
    try:
        assert _call_gate("PUT", "/_stcore/upload_file/planner-session/file-1") == 200
        assert _call_gate("PUT", "/_stcore/upload_file/visitor-session/file-1") == 403
    finally:
        upload_gate.revoke("planner-session")
    assert _call_gate("PUT", "/_stcore/upload_file/planner-session/file-1") == 403
    # everything else passes
    assert _call_gate("GET", "/_stcore/health") == 200
    assert _call_gate("OPTIONS", "/_stcore/upload_file/visitor-session/file-1") == 200
    assert _call_gate("GET", "/carica") == 200
