"""A Word document (.docx) opened as untrusted input: bounded zip reading and XML parsing without entities.

Only the parts the import needs are decompressed (the document, its styles, numbering, footnotes and
comments, and their relationships), each up to a size limit that is checked while decompressing, not
taken from the zip's own (forgeable) header; images are never read. XML is parsed by lxml with entity
resolution, DTD loading and network access off, and a part with a DOCTYPE is refused: Word never writes
one, and it is how entity-expansion bombs arrive. Every problem is one located Vietnamese message
(`InputError`), never a traceback.
"""

from __future__ import annotations

import posixpath
import shutil
import subprocess
import tempfile
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from ..core.errors import InputError, error_at
from ..core.input_file import input_stat, read_failure
from ..core.vnformat import format_number

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
STRICT_OFFICE_DOCUMENT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"

_STRICT = (
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main", W_NS.encode()),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships", R_NS.encode()),
)
#: A 100-page report is about 2 MB of document XML; a file beyond these is no report.
MAX_DOCX_BYTES = 64 * 1024 * 1024
MAX_PART_BYTES = 48 * 1024 * 1024
MAX_XML_BYTES = 96 * 1024 * 1024  # every part the import reads, uncompressed
MAX_PARTS = 5_000
MAX_ELEMENTS = 4_000_000  # XML elements of one part (a 100-page report has about 150 000)

_TOO_BIG = "một báo cáo không thể lớn như vậy (tệp bị hỏng hoặc không phải báo cáo)"
_RESAVE = "hãy mở bằng Word hoặc LibreOffice và lưu lại dạng .docx"
#: The parts of a report the import reads, by their relationship type's last word.
WANTED = ("styles", "numbering", "footnotes", "endnotes", "comments")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )


class DocxPackage:
    """The XML parts of one .docx the import reads, parsed; `parts` maps a role ("document",
    "styles", "numbering", "footnotes", "endnotes", "comments") to its root element."""

    def __init__(self, path: Path, shown: Path | None = None) -> None:
        self.path = path
        self.shown = shown or path  # the name messages give (the user's file, not a converted copy)
        self.parts: dict[str, etree._Element] = {}
        self._read_bytes = 0
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise read_failure(self.shown, exc) from None
        if size > MAX_DOCX_BYTES:
            raise self._refuse(f"tệp Word lớn hơn {format_number(MAX_DOCX_BYTES // 1024 // 1024)} MB; {_TOO_BIG}")
        try:
            with zipfile.ZipFile(path) as archive:
                self._read(archive)
        except zipfile.BadZipFile:
            raise self._refuse(f"không phải tệp Word .docx (không mở được như tệp nén .docx); {_RESAVE}") from None
        except (OSError, EOFError, zlib.error, NotImplementedError, RuntimeError, ValueError) as exc:
            raise self._refuse(f"tệp Word bị hỏng ({type(exc).__name__}); {_RESAVE}") from None

    def _refuse(self, message: str) -> InputError:
        return InputError(error_at(self.shown, None, message))

    def _read(self, archive: zipfile.ZipFile) -> None:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise self._refuse(f"tệp Word có hơn {format_number(MAX_PARTS)} phần; {_TOO_BIG}")
        names = {info.filename for info in infos}
        if len(names) < len(infos):  # two parts of one name: Word and this reader could take different ones
            listed = [info.filename for info in infos]
            twice = next(name for name in listed if listed.count(name) > 1)
            raise self._refuse(f"tệp Word bị hỏng: phần {twice} có hai lần trong tệp nén; {_RESAVE}")
        main = self._main_part(archive, names)
        self.parts["document"] = self._xml(archive, main)
        relations = self._relations(archive, names, main)
        for role in WANTED:
            target = relations.get(role)
            if target is not None and target in names:
                self.parts[role] = self._xml(archive, target)

    def _main_part(self, archive: zipfile.ZipFile, names: set[str]) -> str:
        if "xl/workbook.xml" in names and "word/document.xml" not in names:
            raise self._refuse("tệp này là bảng Excel (.xlsx), không phải văn bản Word; hãy đổi lại đuôi .xlsx")
        if "_rels/.rels" not in names:
            if "word/document.xml" in names:
                return "word/document.xml"
            raise self._refuse(f"không phải tệp Word .docx (thiếu phần văn bản chính); {_RESAVE}")
        root = self._xml(archive, "_rels/.rels")
        for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
            if rel.get("Type") in (OFFICE_DOCUMENT, STRICT_OFFICE_DOCUMENT):
                target = _resolve("", rel.get("Target", ""))
                if target in names:
                    return target
        if "word/document.xml" in names:
            return "word/document.xml"
        raise self._refuse(f"không phải tệp Word .docx (thiếu phần văn bản chính); {_RESAVE}")

    def _relations(self, archive: zipfile.ZipFile, names: set[str], main: str) -> dict[str, str]:
        folder, base = posixpath.split(main)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if rels_name not in names:
            return {}
        found: dict[str, str] = {}
        for rel in self._xml(archive, rels_name).iter(f"{{{PKG_REL_NS}}}Relationship"):
            role = rel.get("Type", "").rsplit("/", 1)[-1]
            if role in WANTED and rel.get("TargetMode") != "External" and role not in found:
                found[role] = _resolve(folder, rel.get("Target", ""))
        return found

    def _xml(self, archive: zipfile.ZipFile, name: str) -> etree._Element:
        data = self._bounded(archive, name)
        for strict, transitional in _STRICT:  # Word's "Strict Open XML" names the same elements otherwise
            data = data.replace(strict, transitional)
        if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
            raise self._refuse(f"tệp Word bị hỏng: phần {name} có khai báo DOCTYPE/ENTITY; {_RESAVE}")
        try:
            root = etree.fromstring(data, _parser())
        except etree.XMLSyntaxError as exc:
            line = f" (dòng {exc.lineno} của phần này)" if exc.lineno else ""
            raise self._refuse(f"tệp Word bị hỏng: phần {name} không phải XML hợp lệ{line}; {_RESAVE}") from None
        if root is None:
            raise self._refuse(f"tệp Word bị hỏng: phần {name} trống; {_RESAVE}")
        count = 0
        for _ in root.iter():
            count += 1
            if count > MAX_ELEMENTS:
                raise self._refuse(f"phần {name} có hơn {format_number(MAX_ELEMENTS)} phần tử XML; {_TOO_BIG}")
        return root

    def _bounded(self, archive: zipfile.ZipFile, name: str) -> bytes:
        """The part's bytes, decompressed in chunks and refused past the limits (a zip bomb's header lies)."""
        chunks: list[bytes] = []
        size = 0
        with archive.open(name) as stream:
            while chunk := stream.read(1024 * 1024):
                size += len(chunk)
                self._read_bytes += len(chunk)
                if size > MAX_PART_BYTES or self._read_bytes > MAX_XML_BYTES:
                    raise self._refuse(
                        f"phần {name} của tệp Word giải nén ra hơn"
                        f" {format_number(MAX_PART_BYTES // 1024 // 1024)} MB; {_TOO_BIG}"
                    )
                chunks.append(chunk)
        return b"".join(chunks)


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target))


def open_word(path: Path) -> DocxPackage:
    """The .docx at `path`; an old .doc (or a .docx that is really a .doc) is converted by LibreOffice first."""
    input_stat(path, "tệp Word .docx")
    try:
        with path.open("rb") as stream:
            head = stream.read(8)
    except OSError as exc:
        raise read_failure(path, exc) from None
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: a Word 97–2003 .doc
        return _converted(path)
    if path.suffix.lower() not in (".docx", ".docm", ".dotx") and not head.startswith(b"PK"):
        raise InputError(error_at(path, None, f"không phải tệp Word .docx; {_RESAVE}"))
    return DocxPackage(path)


def _converted(path: Path) -> DocxPackage:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise InputError(
            error_at(
                path,
                None,
                "đây là tệp Word cũ (.doc); cần LibreOffice để đọc (chưa cài), hoặc mở bằng Word rồi"
                " Lưu thành (Save As) dạng .docx",
            )
        )
    with tempfile.TemporaryDirectory(prefix="cchc-doc-") as folder:
        work = Path(folder)
        source = work / "input.doc"
        shutil.copyfile(path, source)
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=120, check=False)
        except subprocess.TimeoutExpired:
            raise InputError(error_at(path, None, "LibreOffice không chuyển được tệp .doc trong 120 giây")) from None
        result = work / "out" / "input.docx"
        if not result.exists():
            raise InputError(error_at(path, None, f"LibreOffice không chuyển được tệp .doc sang .docx; {_RESAVE}"))
        return DocxPackage(result, shown=path)
