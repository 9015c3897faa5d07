"""Command line: `python -m cruscotto build`, `export --out DIR`, `scheda CODE --out FILE.pdf`, `serve [streamlit
options]`, and planners' data: `load FILE --ambito CODE`, `versioni`, `ripristina N`."""
import argparse
import os
import sys
from pathlib import Path

from cruscotto.paths import DB_PATH, RAW_DIR


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cruscotto", description="Cruscotto Welfare")
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build data/cruscotto.duckdb from data/raw/")
    build_cmd.add_argument("--db", type=Path, default=DB_PATH)
    build_cmd.add_argument("--raw", type=Path, default=RAW_DIR)
    build_cmd.add_argument("--if-needed", action="store_true",
                           help="build only when the database is missing or older than data/raw/")
    export_cmd = commands.add_parser("export", help="write the open-data bundle (data, catalogue, sources, "
                                                    "datapackage.json, README) to a folder")
    export_cmd.add_argument("--out", type=Path, required=True)
    export_cmd.add_argument("--format", choices=("csv", "xlsx", "parquet"), default="csv")
    export_cmd.add_argument("--lang", choices=("it", "en"), default="it")
    export_cmd.add_argument("--db", type=Path, default=DB_PATH)
    export_cmd.add_argument("--senza-dati-locali", action="store_true", dest="no_local",
                            help="leave out what Uffici di Piano loaded (official figures only)")
    commands.add_parser("password", help="print the hashed password line for an account of .streamlit/secrets.toml")
    commands.add_parser("serve", help="start the dashboard (options after `serve` go to `streamlit run`)")
    load_cmd = commands.add_parser("load", help="check a planner's file (CSV or Excel) and store it as a new "
                                               "version of the local data (exit 1 on any error, 2 if unreadable)")
    load_cmd.add_argument("file", type=Path)
    load_cmd.add_argument("--ambito", required=True, help="code of the ambito the file is for")
    load_cmd.add_argument("--utente", default=None, help="who loads it (default: the operating-system user)")
    load_cmd.add_argument("--dry-run", action="store_true", help="check and preview only; store nothing")
    versions_cmd = commands.add_parser("versioni", help="list the versions of the local data")
    revert_cmd = commands.add_parser("ripristina", help="new version of the local data equal to version N")
    revert_cmd.add_argument("version", type=int)
    revert_cmd.add_argument("--ambito", default=None, help="only this ambito's data go back to version N")
    revert_cmd.add_argument("--utente", default=None)
    similar_cmd = commands.add_parser("simili", help="print a comune's 10 similar comuni (statistical neighbours) "
                                                     "with their distances and the features they are chosen on")
    similar_cmd.add_argument("code", help="ISTAT code of a comune, e.g. 098031 (Lodi)")
    similar_cmd.add_argument("--lingua", choices=("it", "en"), default="it")
    similar_cmd.add_argument("--db", type=Path, default=DB_PATH)
    for local_cmd in (load_cmd, versions_cmd, revert_cmd):
        local_cmd.add_argument("--lingua", choices=("it", "en"), default="it")
        local_cmd.add_argument("--dati-locali", type=Path, default=None, dest="local_dir",
                               help="folder of the local store (default: $CRUSCOTTO_LOCAL_DIR or data/local)")
    load_cmd.add_argument("--db", type=Path, default=DB_PATH)
    scheda_cmd = commands.add_parser("scheda", help="write a territory's printable profile (A4 PDF, one or two pages)")
    scheda_cmd.add_argument("code", help="territory code, e.g. 098031 (Lodi), NIL01, MUN01, 03 (Lombardia)")
    scheda_cmd.add_argument("--out", type=Path, required=True, help="the PDF file to write")
    scheda_cmd.add_argument("--lingua", choices=("it", "en"), default="it")
    scheda_cmd.add_argument("--db", type=Path, default=DB_PATH)
    scheda_cmd.add_argument("--url-base", default="http://localhost:8501", dest="url_base",
                            help="the dashboard's address, for the link that reopens the view")
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"]:
        return serve(argv[1:])
    args = parser.parse_args(argv)
    if args.command == "export":
        return export(args)
    if args.command == "simili":
        return similar_command(args)
    if args.command == "password":
        from cruscotto.local.accounts import main_hash_password
        return main_hash_password()
    if args.command == "load":
        return load(args)
    if args.command == "versioni":
        return versions(args)
    if args.command == "ripristina":
        return revert(args)
    if args.command == "build":
        return build_command(args)
    if args.command == "scheda":
        from cruscotto import scheda_cli
        return scheda_cli.run(args.code, args.out, args.lingua, args.db, args.url_base)
    return 0


def build_command(args) -> int:
    """`build [--if-needed]`: waits for any other build of the same file (a server starting) to finish first."""
    import errno

    from cruscotto.build import ValidationError, build, build_if_needed
    progress = lambda line: print(line, flush=True)  # noqa: E731
    try:
        if args.if_needed:
            if build_if_needed(db_path=args.db, raw_dir=args.raw, progress=progress) is None:
                print(f"Database up to date: {args.db}")
        else:
            build(db_path=args.db, raw_dir=args.raw, progress=progress)
    except ValidationError as error:
        print(f"Build stopped: {error}\nThe previous database was not changed.", file=sys.stderr)
        return 1
    except OSError as error:
        if error.errno != errno.ENOSPC:
            raise
        print(f"Build stopped: no space left on the disk ({error.strerror}). The previous database was not changed "
              "and no temporary file is left.", file=sys.stderr)
        return 1
    return 0


def similar_command(args) -> int:
    """`simili CODE`: exit 1 with a message for an unknown code, a territory that is not a comune or no database."""
    from cruscotto.db import Database
    from cruscotto.i18n import t
    from cruscotto.similar_report import CannotReport, report
    if not args.db.exists():
        print(t("similar_cli_no_database", args.lingua, path=args.db), file=sys.stderr)
        return 1
    database = Database(args.db)
    try:
        print(report(database, args.code.strip(), args.lingua))
    except CannotReport as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        database.close()
    return 0


def export(args) -> int:
    from cruscotto import open_data
    from cruscotto.db import Database
    if not args.db.exists():
        print(f"No database at {args.db}. Run `python -m cruscotto build` first.", file=sys.stderr)
        return 1
    if args.out.is_symlink():  # before the long collection; write_bundle checks again as it writes
        from cruscotto.i18n import t
        print(t("export_symlink_refused", args.lang, path=args.out), file=sys.stderr)
        return 1
    from cruscotto.local.store import LocalStore
    database = Database(args.db, local_store=None if args.no_local else LocalStore())
    try:
        parts = open_data.collect(database, lang=args.lang, include_local=not args.no_local)
    finally:
        database.close()
    files = open_data.bundle(parts["data"], parts["catalogue"], parts["sources"], args.format, parts["built_at"], args.lang)
    from cruscotto.export import SymlinkRefused
    from cruscotto.i18n import t
    try:
        written = open_data.write_bundle(files, args.out)
    except SymlinkRefused as refused:
        print(t("export_symlink_refused", args.lang, path=refused.path), file=sys.stderr)
        return 1
    except OSError as error:  # a full disk, a folder without permission: the folder stays as it was
        print(t("export_write_failed", args.lang, detail=error.strerror or error, path=args.out), file=sys.stderr)
        return 1
    for path in written:
        print(f"{path} ({path.stat().st_size:,} byte)")
    print(f"{len(parts['data']):,} rows exported to {args.out}")
    return 0


def _cli_user(name: str | None) -> str:
    import getpass
    if name:
        return name
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "?"
    return f"riga di comando ({who})"


def load(args) -> int:
    """`load FILE --ambito CODE`: the page's check and commit, for automation. Exit 0 stored (or, with
    --dry-run, would be stored), 1 on any error in the file, 2 for a file that cannot be read at all."""
    from cruscotto.db import Database
    from cruscotto.i18n import t
    from cruscotto.local import load as local_load
    from cruscotto.local.store import LocalStore, StoreBusy
    lang = args.lingua
    if not args.db.exists():
        print(t("load_cli_no_database", lang, path=args.db), file=sys.stderr)
        return 1
    try:
        content = args.file.read_bytes()
    except OSError as error:
        print(t("load_cli_unreadable", lang, path=args.file, error=error.strerror or error), file=sys.stderr)
        return 2
    store = LocalStore(args.local_dir)
    user = _cli_user(args.utente)
    database = Database(args.db)
    try:
        checked = local_load.check(content, args.file.name, args.ambito, database, store)
    finally:
        database.close()
    if checked.refused is not None:
        print(t("load_cli_refused", lang, file=args.file.name, reason=local_load.refusal_message(checked.refused, lang)),
              file=sys.stderr)
        if not args.dry_run:
            local_load.audit_refusal(checked, user, store)
        return 2
    for notice in checked.notices:
        print(local_load.notice_text(notice, lang))
    for problem in checked.problems:
        print(local_load.problem_line(problem, lang), file=sys.stderr if problem.severity == "error" else sys.stdout)
    if checked.errors:
        print(t("load_cli_errors", lang, errors=len(checked.errors), warnings=len(checked.warnings),
                file=args.file.name), file=sys.stderr)
        if not args.dry_run:
            local_load.audit_refusal(checked, user, store)
        return 1
    if not checked.ok:
        print(t("load_cli_empty", lang, file=args.file.name), file=sys.stderr)
        return 1
    base = checked.preview.base_version
    print(t("load_cli_preview_first", lang, ambito=args.ambito) if base is None
          else t("load_cli_preview", lang, ambito=args.ambito, version=base))
    print(local_load.counts_table(checked.preview, lang).to_string(index=False))
    if checked.preview.changes_total:
        print(t("load_cli_changes", lang, shown=len(checked.preview.changes), total=checked.preview.changes_total))
        print(local_load.changes_table(checked.preview, lang).to_string(index=False))
    if args.dry_run:
        print(t("load_cli_dry_run", lang))
        return 0
    try:
        version = local_load.commit(checked, args.ambito, user, args.file.name, store)
    except StoreBusy:
        print(t("load_store_busy", lang), file=sys.stderr)
        return 1
    print(t("load_cli_saved", lang, version=version, rows=checked.rows, ambito=args.ambito, user=user))
    return 0


def versions(args) -> int:
    """`versioni`: every version of the local data, newest first."""
    from cruscotto.i18n import t
    from cruscotto.local import load as local_load
    from cruscotto.local.store import LocalStore
    frame = LocalStore(args.local_dir).versions()
    if frame.empty:
        print(t("load_versions_none", args.lingua))
        return 0
    print(local_load.versions_table(frame, args.lingua).to_string(index=False))
    return 0


def revert(args) -> int:
    """`ripristina N [--ambito CODE]`: a new version whose data equal version N's (nothing is deleted)."""
    from cruscotto.i18n import t
    from cruscotto.local.store import LocalStore, StoreBusy, StoreError
    store = LocalStore(args.local_dir)
    try:
        version = store.revert(args.version, _cli_user(args.utente), ambito_code=args.ambito)
    except StoreError:
        print(t("load_revert_unknown", args.lingua, version=args.version), file=sys.stderr)
        return 1
    except StoreBusy:
        print(t("load_store_busy", args.lingua), file=sys.stderr)
        return 1
    print(t("load_reverted", args.lingua, version=version, to_version=args.version))
    return 0


LOOPBACK_PROXIES = "127.0.0.1,::1,::ffff:127.0.0.1"  # a reverse proxy on this machine, however it connects


def serve(streamlit_options: list[str]) -> int:
    """`streamlit run server.py` (dashboard.py behind the upload gate, see server.py), with dashboard.py's
    navigation in charge from the very first request.
    Streamlit would otherwise see the pages/ folder and serve a fresh process's first visitor a page in its
    legacy mode (file names as navigation) before dashboard.py takes over (see cruscotto/navigation.py)."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    from cruscotto.paths import REPO
    PagesManager.uses_pages_directory = False
    # uvicorn believes X-Forwarded-For only from FORWARDED_ALLOW_IPS (default "127.0.0.1"); a server bound to
    # every address sees a proxy on this machine as ::ffff:127.0.0.1, and the per-visitor session limit
    # (cruscotto/edge.py) counted every visitor behind it as one
    os.environ.setdefault("FORWARDED_ALLOW_IPS", LOOPBACK_PROXIES)
    sys.argv = ["streamlit", "run", str(REPO / "server.py"), *streamlit_options]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
