"""A report or form file's text: size bounded, UTF-8 only, no control characters; Word, Excel, PDF files named."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from .errors import InputError, error_at
from .input_file import input_stat, read_failure

#: Report and form files are small; anything bigger is a mistake (or an attack).
MAX_FILE_BYTES = 2 * 1024 * 1024
# Characters a YAML file (and a Word document) cannot hold; tab, line feed and return are fine.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, with clear Vietnamese errors for the usual mistakes."""
    info = input_stat(path, "tệp YAML")  # /dev/zero never ends and a FIFO blocks: neither is a report
    try:
        limit = MAX_FILE_BYTES // 1024
        too_big = error_at(path, None, f"tệp quá lớn ({info.st_size // 1024} KB); giới hạn là {limit} KB")
        with path.open("rb") as handle:
            head = handle.read(_SNIFFED)
            kind = _binary_kind(path, head)  # a Word or Excel file is named as such, whatever its size
            if kind is not None:
                raise InputError(error_at(path, None, kind))
            if info.st_size > MAX_FILE_BYTES:
                raise InputError(too_big)
            raw = head + handle.read(MAX_FILE_BYTES + 1 - len(head))
        if len(raw) > MAX_FILE_BYTES:
            raise InputError(too_big)
    except OSError as exc:
        raise read_failure(path, exc) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_like_utf16(head):
        raise InputError(
            error_at(
                path,
                None,
                "tệp được lưu bằng mã UTF-16; hãy lưu lại bằng mã UTF-8 (Notepad: Lưu thành… → Mã hóa: UTF-8)",
            )
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        guess = "Windows-1258" if _looks_like_cp1258(raw) else "không phải UTF-8"
        raise InputError(
            error_at(
                path,
                line,
                f"tệp không phải mã UTF-8 (có vẻ là {guess}); hãy mở bằng Notepad và lưu lại với Mã hóa: UTF-8",
            )
        ) from None
    if not text.strip():
        raise InputError(error_at(path, None, "tệp rỗng"))
    _refuse_invisible_characters(path, text)
    return text


#: Bytes read from the start of a file to tell a Word, Excel, PDF or other binary file from text.
_SNIFFED = 8192
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003 (.doc), Excel 97–2003 (.xls)
_NOT_YAML = "không phải tệp YAML"
_EXCEL = (
    f"đây là tệp Excel, {_NOT_YAML}; Phụ lục Excel đã điền được đọc vào tệp báo cáo bằng lệnh"
    " 'cchc-docgen import PHỤ_LỤC.xlsx BÁO_CÁO.yaml' (tổng hợp nhiều Phụ lục: 'cchc-docgen aggregate')"
)
_WORD = (
    f"đây là tệp Word, {_NOT_YAML}; cchc-docgen đọc tệp báo cáo .yaml và tạo ra tệp Word"
    " ('cchc-docgen build BÁO_CÁO.yaml'), không đọc tệp Word"
)


def _binary_kind(path: Path, head: bytes) -> str | None:
    """What a file that is not text is (a Word or Excel file, a PDF, a zip…), said for the user, or None.

    Read as text, such a file would fail as "not UTF-8" and the advice to re-save it in Notepad
    would be wrong (and would damage it).
    """
    if head.startswith(_ZIP):
        import zipfile  # only for a zip given where YAML belongs

        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            names = []
        if any(name.startswith("xl/") for name in names):
            return _EXCEL
        if any(name.startswith("word/") for name in names):
            return _WORD
        return f"đây là tệp nén (zip), {_NOT_YAML}; hãy đưa vào tệp báo cáo .yaml"
    if head.startswith(_OLE):
        return (
            f"đây là tệp Word hoặc Excel kiểu cũ (.doc, .xls), {_NOT_YAML}; cchc-docgen đọc tệp báo cáo .yaml"
            " (Phụ lục Excel .xlsx do chương trình tạo: 'cchc-docgen import PHỤ_LỤC.xlsx BÁO_CÁO.yaml')"
        )
    if head.startswith(b"%PDF-"):
        return f"đây là tệp PDF, {_NOT_YAML}; cchc-docgen đọc tệp báo cáo .yaml và tạo ra PDF (build --pdf)"
    if b"\x00" in head and not _looks_like_utf16(head) and not _utf8_so_far(head):
        # Zero bytes in what is not UTF-8: no text file (one stray zero byte pasted into a report
        # is valid UTF-8, and gets its own message, located).
        return f"đây là tệp nhị phân (ảnh, tệp nén, tệp chương trình…), {_NOT_YAML}; hãy đưa vào tệp báo cáo .yaml"
    return None


def _utf8_so_far(head: bytes) -> bool:
    """Whether `head` is the start of UTF-8 text (a character cut at its end is fine)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _looks_like_utf16(head: bytes) -> bool:
    """UTF-16 without a byte-order mark: zero bytes in every other place (the high bytes of Latin
    letters and digits), and almost none in the places between."""
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    return half > 0 and 10 * max(even, odd) >= 3 * half and 100 * min(even, odd) <= half


def _refuse_invisible_characters(path: Path, text: str) -> None:
    """One clear message for a second byte-order mark or a raw control character (ESC from a chat)."""
    bom = text.find("\ufeff")
    if bom >= 0:
        line = text.count("\n", 0, bom) + 1
        where = "ở đầu tệp có hai dấu BOM" if bom == 0 else "có dấu BOM (U+FEFF) ở giữa tệp"
        raise InputError(error_at(path, line, f"{where}; hãy mở bằng Notepad và lưu lại với Mã hóa: UTF-8"))
    control = CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        code = f"U+{ord(control.group()):04X}"
        message = f"có ký tự điều khiển không hợp lệ {code} (thường do dán từ nơi khác); hãy xóa ký tự đó"
        raise InputError(error_at(path, line, message))


def _looks_like_cp1258(raw: bytes) -> bool:
    try:
        raw.decode("cp1258")
    except UnicodeDecodeError:
        return False
    return True
