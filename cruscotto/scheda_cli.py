"""`python -m cruscotto scheda CODE --out FILE.pdf [--lingua it|en] [--db PATH] [--url-base URL]`: the scheda of
/panoramica's button, written from the command line. Exit 0 written, 1 for a missing database, an unknown code or
a file that cannot be written (the previous file, if any, is left as it was: the PDF goes to a temporary file in
the same folder, renamed over the target only once complete)."""
import os
import sys
import tempfile
from pathlib import Path

from cruscotto import data, database_file, scheda
from cruscotto.db import Database
from cruscotto.i18n import place_name, t


def run(code: str, out: Path, lang: str, db_path: Path, url_base: str) -> int:
    if not db_path.exists():
        print(t("scheda_cli_no_database", lang, path=db_path), file=sys.stderr)
        return 1
    from cruscotto.local.store import LocalStore
    database = Database(db_path, local_store=LocalStore())
    try:
        with database_file.serving(database):  # data.query reads this database for the whole command
            if code not in data.territory_codes():
                print(t("scheda_cli_unknown_code", lang, code=code), file=sys.stderr)
                return 1
            rendered = scheda.render(code, lang, scheda.view_url(url_base, code, lang))
            name = place_name(data.territories().at[code, "name"], lang)
    finally:
        database.close()
    try:
        _write_atomically(out, rendered.pdf)
    except OSError as error:
        print(t("scheda_cli_write_failed", lang, path=out, detail=error.strerror or error), file=sys.stderr)
        return 1
    print(t("scheda_cli_written", lang, name=name, path=out, pages=rendered.pages, size=len(rendered.pdf)))
    return 0


def _write_atomically(path: Path, content: bytes) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        os.chmod(temporary, 0o666 & ~_umask())  # as an ordinary new file, not mkstemp's owner-only mode
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
