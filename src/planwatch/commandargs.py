"""Arguments of our console commands, checked before any work is done.

A bad argument is a CommandError in Vietnamese: Django prints it without a traceback and exits with 1. Checking
first (the document exists, the year is plausible, the output folder can be written) means a refused command
writes nothing, and a command that fails while writing leaves no half-written file behind.

No database here: a document named on the command line is registry.arguments.document_argument.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.core.management.base import CommandError

# Plans tracked here run from the 2000s; a year far outside is a typo (`20244`), not a request.
YEAR_MIN, YEAR_MAX = 1900, 2200


def year_argument(text: str | int) -> int:
    text = str(text).strip()
    # isdecimal, not isdigit: `²` is a digit to Python but not a number anyone types for a year.
    if not (text.isdecimal() and text.isascii()):
        raise CommandError(f"Năm “{text}” không hợp lệ: cần một năm bằng chữ số, ví dụ 2024.")
    year = int(text)
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise CommandError(f"Năm {year} không hợp lệ: cần một năm từ {YEAR_MIN} đến {YEAR_MAX}, ví dụ 2024.")
    return year


def text_argument(text: str | None, *, option: str) -> str | None:
    """An optional text filter: absent is fine, given but blank is a mistake (it would silently mean "all")."""
    if text is None:
        return None
    if not text.strip():
        raise CommandError(f"{option} không được để trống: bỏ hẳn tùy chọn này nếu không cần lọc.")
    return text.strip()


def choice_argument(value: str | None, choices, *, option: str) -> str | None:
    """One of `choices` (checked here rather than by argparse, which would answer in English with a usage dump)."""
    if value is None or value in choices:
        return value
    raise CommandError(f"{option} “{value}” không có: chọn {', '.join(choices)}.")


def output_argument(output: str | None) -> Path | None:
    """Check the file to write: its folder exists and can be written, and it is not itself a folder.

    None (the default name, decided later) is checked against the current folder."""
    if output is not None and not output.strip():
        raise CommandError("Tên tệp ghi ra (-o) không được để trống; dùng “-” để in ra đầu ra chuẩn.")
    path = Path(output) if output else None
    folder = (path.parent if path is not None else Path.cwd()).resolve()
    if not folder.exists():
        raise CommandError(f"Thư mục “{folder}” không tồn tại: tạo thư mục trước hoặc chọn nơi khác với -o.")
    if not folder.is_dir():
        raise CommandError(f"“{folder}” không phải là thư mục: chọn nơi khác với -o.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CommandError(f"Không có quyền ghi vào thư mục “{folder}”: chọn nơi khác với -o.")
    if path is not None and path.is_dir():
        raise CommandError(f"“{path}” là một thư mục: ghi tên tệp, ví dụ -o {path / 'phu-luc.xlsx'}.")
    if path is not None and path.exists() and not os.access(path, os.W_OK):
        raise CommandError(f"Không có quyền ghi đè tệp “{path}”: chọn tên khác với -o.")
    return path


def write_output(path: Path, content: bytes) -> None:
    """Write through a temporary file in the same folder, then rename: a failed write leaves nothing behind."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as exc:
        raise CommandError(f"Không ghi được “{path}”: {exc.strerror or exc}.") from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        # mkstemp makes the file private; give it the permissions an ordinary write would (the umask's).
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise CommandError(f"Không ghi được “{path}”: {exc.strerror or exc}.") from exc
