"""Command line: `python -m cruscotto build`."""
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
    args = parser.parse_args(argv)
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


if __name__ == "__main__":
    sys.exit(main())
