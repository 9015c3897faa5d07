"""Who may load data on /carica: accounts from st.secrets, scrypt password hashes, and the slowing down of
failed logins.

Accounts live in `.streamlit/secrets.toml` (see `.streamlit/secrets.toml.example`), one table per account:

    [carica.accounts.cremona]
    name = "Ufficio di Piano di Cremona"
    ambito = "ambito-di-cremona"
    password_hash = "scrypt$n=16384,r=8,p=1$<salt>$<hash>"

An account loads data for its own ambito only; an account with `role = "admin"` for any ambito. Passwords are
never stored in clear: `python -m cruscotto password` prints the line to paste (main_hash_password).

Failed logins are counted per user name and per browser session, in this process (shared by every session)
and written to the audit log and to Python logging. After FREE_FAILURES failures the next try is refused,
whatever the password, until a delay has passed: BASE_DELAY × 2^(failures − FREE_FAILURES) seconds, at most
MAX_DELAY. A login never says whether the user name or the password was wrong.
"""
from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import logging
import math
import re
import secrets
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

LOG = logging.getLogger(__name__)

# scrypt cost: n=2^14, r=8, p=1 (16 MB, about 50 ms): the parameters OWASP lists for scrypt
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 14, 8, 1
SALT_BYTES, KEY_BYTES = 16, 32
MAX_SCRYPT_N = 2 ** 20  # a hash pasted with absurd parameters must not take the server down
HASH_FORMAT = re.compile(r"^scrypt\$n=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$")

FREE_FAILURES = 5
BASE_DELAY = 5.0  # seconds, doubled at each further failure
MAX_DELAY = 15 * 60.0
FORGET_AFTER = 24 * 3600.0  # a counter untouched for a day is dropped
MAX_TRACKED = 10_000  # counters kept at most (user names typed by anyone must not fill the memory)
MAX_NAME = 64

ROLE_ADMIN = "admin"
ROLE_AMBITO = "ambito"


@dataclass(frozen=True)
class Account:
    user: str  # the key under [carica.accounts], typed at login
    name: str  # shown: "Ufficio di Piano di Cremona"
    role: str  # ROLE_AMBITO or ROLE_ADMIN
    ambito: str | None  # the ambito code an ROLE_AMBITO account loads for
    password_hash: str

    @property
    def is_admin(self) -> bool:
        return self.role == ROLE_ADMIN


# ---------------------------------------------------------------- passwords

def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """'scrypt$n=16384,r=8,p=1$<salt base64>$<hash base64>' for a password (a fresh random salt each time)."""
    if not password:
        raise ValueError("empty password")
    salt = salt if salt is not None else secrets.token_bytes(SALT_BYTES)
    key = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, KEY_BYTES)
    return (f"scrypt$n={SCRYPT_N},r={SCRYPT_R},p={SCRYPT_P}$"
            f"{base64.b64encode(salt).decode()}${base64.b64encode(key).decode()}")


def verify_password(password: str, encoded: str) -> bool:
    """True when the password matches the stored hash; False for a wrong password or a malformed hash."""
    parsed = _parse_hash(encoded)
    if parsed is None:
        return False
    n, r, p, salt, expected = parsed
    key = _scrypt(password or "", salt, n, r, p, len(expected))
    return hmac.compare_digest(key, expected)


def is_valid_hash(encoded: str) -> bool:
    return _parse_hash(encoded) is not None


def _parse_hash(encoded) -> tuple[int, int, int, bytes, bytes] | None:
    match = HASH_FORMAT.match(encoded.strip()) if isinstance(encoded, str) else None
    if not match:
        return None
    n, r, p = int(match[1]), int(match[2]), int(match[3])
    if n < 2 or n & (n - 1) or n > MAX_SCRYPT_N or not 1 <= r <= 32 or not 1 <= p <= 16:
        return None
    try:
        salt, key = base64.b64decode(match[4], validate=True), base64.b64decode(match[5], validate=True)
    except ValueError:
        return None
    return (n, r, p, salt, key) if salt and len(key) >= 16 else None


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    memory = 128 * r * n * p + 2 * 128 * r * n + (1 << 20)
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length, maxmem=memory)


# A hash to check unknown user names against, so that a wrong name takes as long as a wrong password.
_DUMMY_HASH = hash_password(secrets.token_hex(16))


def main_hash_password(argv: list[str] | None = None) -> int:
    """`python -m cruscotto password`: asks the password twice (not echoed) and prints the line to paste into
    .streamlit/secrets.toml under the account."""
    first = getpass.getpass("Password: ")
    second = getpass.getpass("Ripeti la password / Repeat the password: ")
    if first != second:
        print("Le due password non coincidono / The two passwords differ.", file=sys.stderr)
        return 1
    if len(first) < 12:
        print("Password troppo corta: almeno 12 caratteri / Too short: at least 12 characters.", file=sys.stderr)
        return 1
    print("Incolla questa riga nell'account in .streamlit/secrets.toml / Paste this line into the account:")
    print(f'password_hash = "{hash_password(first)}"')
    return 0


# ---------------------------------------------------------------- accounts

def accounts_from(secrets_section: Mapping | None) -> tuple[dict[str, Account], list[str]]:
    """The accounts of st.secrets["carica"] (a mapping with an "accounts" table) and, in English, why any
    entry was left out (for the log: an entry with no valid hash or no ambito can never log in)."""
    accounts: dict[str, Account] = {}
    problems: list[str] = []
    entries = (secrets_section or {}).get("accounts") or {}
    if not isinstance(entries, Mapping):
        return {}, ["[carica.accounts] is not a table"]
    for user, entry in entries.items():
        if not isinstance(entry, Mapping):
            problems.append(f"account {user!r}: not a table")
            continue
        role = str(entry.get("role", ROLE_AMBITO)).strip().lower()
        ambito = str(entry.get("ambito", "")).strip() or None
        password_hash = entry.get("password_hash", "")
        if role not in (ROLE_AMBITO, ROLE_ADMIN):
            problems.append(f"account {user!r}: unknown role {role!r}")
        elif role == ROLE_AMBITO and not ambito:
            problems.append(f"account {user!r}: no ambito")
        elif not is_valid_hash(password_hash):
            problems.append(f"account {user!r}: password_hash missing or not an scrypt hash")
        else:
            accounts[normal_name(user)] = Account(user=normal_name(user), name=str(entry.get("name") or user),
                                                  role=role, ambito=ambito if role == ROLE_AMBITO else None,
                                                  password_hash=password_hash.strip())
    return accounts, problems


def configured_accounts() -> tuple[dict[str, Account], list[str]]:
    """accounts_from(st.secrets["carica"]); no secrets file, or no [carica] section, is no accounts."""
    import streamlit as st
    try:
        section = st.secrets.get("carica")
    except FileNotFoundError:  # no secrets.toml anywhere (StreamlitSecretNotFoundError)
        section = None
    accounts, problems = accounts_from(section)
    for problem in problems:
        LOG.warning("secrets.toml: %s", problem)
    return accounts, problems


def may_load(account: Account, ambito_code: str) -> bool:
    """An account loads data for its own ambito; an administrator for any."""
    return account.is_admin or (bool(ambito_code) and account.ambito == ambito_code)


def normal_name(user) -> str:
    return str(user or "").strip().lower()[:MAX_NAME]


# ---------------------------------------------------------------- failed logins

class Throttle:
    """Failed logins per key (a user name, a browser session), shared by every session of the process.
    clock: seconds, monotonic (injectable for tests)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, free_failures: int = FREE_FAILURES,
                 base_delay: float = BASE_DELAY, max_delay: float = MAX_DELAY):
        self.clock = clock
        self.free_failures, self.base_delay, self.max_delay = free_failures, base_delay, max_delay
        self._failures: dict[str, tuple[int, float]] = {}  # key -> (failures, time of the last one)
        self._lock = threading.Lock()

    def delay(self, failures: int) -> float:
        """Seconds to wait after `failures` failures in a row (0 while under the free allowance)."""
        if failures < self.free_failures:
            return 0.0
        return min(self.base_delay * 2 ** min(failures - self.free_failures, 30), self.max_delay)

    def wait(self, keys: Iterable[str]) -> float:
        """Seconds before any of these keys may try again (0: now)."""
        now = self.clock()
        with self._lock:
            waits = [last + self.delay(count) - now for count, last in
                     (self._failures[key] for key in keys if key in self._failures)]
        return max([0.0, *waits])

    def failure(self, keys: Iterable[str]) -> int:
        """Count a failure for each key; returns the largest count."""
        now = self.clock()
        with self._lock:
            self._forget_old(now)
            counts = []
            for key in keys:
                count = self._failures.get(key, (0, now))[0] + 1
                self._failures[key] = (count, now)
                counts.append(count)
        return max(counts, default=0)

    def success(self, keys: Iterable[str]) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)

    def failures(self, key: str) -> int:
        with self._lock:
            return self._failures.get(key, (0, 0.0))[0]

    def _forget_old(self, now: float) -> None:
        stale = [key for key, (count, last) in self._failures.items()
                 if now - last > max(FORGET_AFTER, self.delay(count))]
        for key in stale:
            del self._failures[key]
        if len(self._failures) >= MAX_TRACKED:  # keep the most recent half
            for key, _ in sorted(self._failures.items(), key=lambda item: item[1][1])[:len(self._failures) // 2]:
                del self._failures[key]


THROTTLE = Throttle()


@dataclass(frozen=True)
class LoginResult:
    account: Account | None  # set when the login succeeded
    wait_seconds: int = 0  # > 0: refused without checking the password; try again after this many seconds

    @property
    def ok(self) -> bool:
        return self.account is not None


def throttle_keys(user: str, session_id: str | None) -> list[str]:
    return [f"user:{normal_name(user)}"] + ([f"session:{session_id}"] if session_id else [])


def login(user: str, password: str, accounts: Mapping[str, Account], *, session_id: str | None = None,
          throttle: Throttle = THROTTLE, audit: Callable[[dict], None] | None = None) -> LoginResult:
    """Check a user name and password. Refused at once (wait_seconds > 0) while the user name or the session
    is being slowed down; otherwise the password is checked (against a dummy hash for an unknown name, so both
    failures look and take the same). Every outcome is logged and sent to `audit` (the store's audit log)."""
    name = normal_name(user)
    keys = throttle_keys(name, session_id)
    session = (session_id or "")[:8]  # enough to follow one session in the logs; the full id stays private
    wait = throttle.wait(keys)
    if wait > 0:
        seconds = math.ceil(wait)
        LOG.warning("Login refused while throttled: user=%r session=%s wait=%ss", name, session, seconds)
        _audit(audit, {"action": "login_throttled", "user": name, "session": session, "wait_seconds": seconds})
        return LoginResult(None, seconds)
    account = accounts.get(name)
    matches = verify_password(password, account.password_hash if account else _DUMMY_HASH)
    if account is not None and matches:
        throttle.success(keys)
        LOG.info("Login ok: user=%r session=%s", name, session)
        _audit(audit, {"action": "login_ok", "user": name, "session": session})
        return LoginResult(account)
    failures = throttle.failure(keys)
    LOG.warning("Login failed: user=%r known=%s session=%s failures=%d", name, account is not None, session,
                failures)
    _audit(audit, {"action": "login_failed", "user": name, "known_user": account is not None,
                   "session": session, "failures": failures})
    return LoginResult(None)


def _audit(audit: Callable[[dict], None] | None, event: dict) -> None:
    if audit is None:
        return
    try:
        audit(event)
    except Exception:  # the audit log must not turn a login into a crash; the Python log still has it
        LOG.exception("Could not write the audit event %s", event.get("action"))
