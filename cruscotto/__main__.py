"""Command line: `python -m cruscotto build`, `export --out DIR` and `serve [streamlit options]`."""
import argparse
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
    commands.add_parser("serve", help="start the dashboard (options after `serve` go to `streamlit run`)")
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"]:
        return serve(argv[1:])
    args = parser.parse_args(argv)
    if args.command == "export":
        return export(args)
    if args.command == "build":
        from cruscotto.build import ValidationError, build, needs_build
        if args.if_needed and not needs_build(args.db, args.raw):
            print(f"Database aggiornato: {args.db}")
            return 0
        try:
            build(db_path=args.db, raw_dir=args.raw, progress=lambda line: print(line, flush=True))
        except ValidationError as error:
            print(f"Build interrotto: {error}\nIl database precedente non è stato modificato.", file=sys.stderr)
            return 1
    return 0


def export(args) -> int:
    from cruscotto import open_data
    from cruscotto.db import Database
    if not args.db.exists():
        print(f"Database mancante: {args.db}. Esegui prima `python -m cruscotto build`.", file=sys.stderr)
        return 1
    database = Database(args.db)
    try:
        parts = open_data.collect(database, lang=args.lang)
    finally:
        database.close()
    files = open_data.bundle(parts["data"], parts["catalogue"], parts["sources"], args.format, parts["built_at"], args.lang)
    for path in open_data.write_bundle(files, args.out):
        print(f"{path} ({path.stat().st_size:,} byte)")
    print(f"{len(parts['data']):,} righe esportate in {args.out}")
    return 0


def serve(streamlit_options: list[str]) -> int:
    """`streamlit run dashboard.py`, with dashboard.py's navigation in charge from the very first request.
    Streamlit would otherwise see the pages/ folder and serve a fresh process's first visitor a page in its
    legacy mode (file names as navigation) before dashboard.py takes over (see cruscotto/navigation.py)."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    from cruscotto.paths import REPO
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(REPO / "dashboard.py"), *streamlit_options]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
