"""Tables for download: safe to open in Excel (no formula injection); bundle files written without following
symbolic links and all or nothing."""
import os
import re
import secrets
import stat
from pathlib import Path

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# "-25" or "+3,5" is a number to a spreadsheet, not a formula: left as it is
PLAIN_NUMBER = re.compile(r"^[+-]?\d[\d.,]*(?:[eE][+-]?\d+)?$")
# A spreadsheet may split a cell where it finds a separator the file did not mean as one (Italian Excel splits
# a comma-separated file on ";", English Excel a ";"-separated one on ","), or a tab, CR or line break: each
# piece then starts a cell of its own and must not start a formula either (spaces before it do not stop Excel).
PIECE_START = re.compile(r"(?<=[;,\t\r\n])(\s*)(?=[=+\-@])")


def excel_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with an apostrophe, and each piece of a
    cell that would start a formula once the cell is split at a separator."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(lambda cell: _safe_cell(cell) if isinstance(cell, str) else cell)
    return safe


def _safe_cell(cell: str) -> str:
    if PIECE_START.search(cell):
        cell = PIECE_START.sub(lambda found: found.group(1) + "'" if _runs_as_formula(cell, found.end()) else found.group(1), cell)
    if cell.startswith(FORMULA_START) and not PLAIN_NUMBER.match(cell):
        return "'" + cell
    return cell


def _runs_as_formula(cell: str, start: int) -> bool:
    """The piece from `start` to the next separator, as a cell of its own: a formula unless a plain number."""
    piece = re.split(r"[;,\t\r\n]", cell[start:], maxsplit=1)[0]
    return not PLAIN_NUMBER.match(piece.strip())


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    # utf-8-sig so that Excel opens accented names correctly
    return excel_safe(frame).to_csv(index=False).encode("utf-8-sig")


def to_readable_csv_bytes(frame: pd.DataFrame, decimals: dict, separator: str = ";", decimal_mark: str = ",") -> bytes:
    """A table for people rather than machines: numbers written with the given decimals (an int, or one per row)
    and decimal mark, so that Italian Excel opens `;`-separated files as columns and reads "12,5" as a number.
    Text is made formula-safe first; numbers are formatted after, so "-3,2" stays a number. Missing stays empty."""
    readable = excel_safe(frame)
    for column, places in decimals.items():
        readable[column] = _numbers_as_text(readable[column], places, decimal_mark)
    text = readable.to_csv(index=False, sep=separator, decimal=decimal_mark)
    return text.encode("utf-8-sig")  # the BOM tells Excel the file is UTF-8 (accented names)


def _numbers_as_text(values: pd.Series, places, decimal_mark: str) -> pd.Series:
    per_row = places if isinstance(places, pd.Series) else pd.Series(places, index=values.index)

    def written(value, digits) -> str:
        if pd.isna(value):
            return ""
        text = f"{float(value):.{int(digits)}f}"
        if float(text) == 0:
            text = text.lstrip("-")  # no "-0,0"
        return text.replace(".", decimal_mark)
    return pd.Series([written(value, digits) for value, digits in zip(values, per_row)], index=values.index, dtype=object)


class SymlinkRefused(ValueError):
    """The output folder, or a file the bundle would replace, is a symbolic link: nothing is written."""

    def __init__(self, path: Path):
        super().__init__(str(path))
        self.path = path


def write_files(files: dict[str, bytes], out_dir: Path) -> list[Path]:
    """Write name -> content into out_dir, all or nothing: each file goes to a temporary file of its own in the
    folder and is renamed over the old one only when every file has been written, so a full disk leaves the
    folder as it was and no temporary file. Never follows a symbolic link (the folder, or a file in it)."""
    out_dir = Path(out_dir)
    if out_dir.is_symlink():
        raise SymlinkRefused(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    # the folder opened once, refusing a link swapped in since the check; every name below is relative to it
    folder = os.open(out_dir, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        for name in files:
            if _is_symlink(name, folder):
                raise SymlinkRefused(out_dir / name)
        _write_all_or_nothing(files, folder)
    finally:
        os.close(folder)
    return [out_dir / name for name in files]


def _is_symlink(name: str, folder: int) -> bool:
    try:
        return stat.S_ISLNK(os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode)
    except FileNotFoundError:
        return False


def _write_all_or_nothing(files: dict[str, bytes], folder: int) -> None:
    token = secrets.token_hex(4)
    written: dict[str, str] = {}
    try:
        for name, content in files.items():
            temporary = f".{name}.{token}.tmp"
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644, dir_fd=folder)
            written[name] = temporary
            try:
                _write(descriptor, content)
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
        for name, temporary in written.items():
            os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        for temporary in written.values():
            try:
                os.unlink(temporary, dir_fd=folder)
            except FileNotFoundError:  # already renamed into place
                pass
        raise


def _write(descriptor: int, content: bytes) -> None:
    view = memoryview(content)
    while view:
        view = view[os.write(descriptor, view):]
