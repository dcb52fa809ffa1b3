"""Damaged Phụ lục workbooks: the named cases kept in tests/data/damaged-xlsx/, and a seeded generator.

The named cases are written once, by `python -m tests.xlsx_mutations`, from base.xlsx (the Phụ lục
`appendix` writes for the Sở TTTT example, kept beside them so the cases never change with the
renderer): each test reads the same bytes. `damaged_workbooks` makes the fuzz cases, from base.xlsx
and base-libreoffice.xlsx (the same sheet saved again by LibreOffice Calc: shared strings, another
writer's styles): byte flips inside a part, truncated parts or files, cells given another type,
value, style or address, XML tokens dropped in, raw flips of the zip. The same seed always gives
the same bytes.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "damaged-xlsx"
BASE = DATA / "base.xlsx"
BASE_RESAVED = DATA / "base-libreoffice.xlsx"
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"

Parts = list[tuple[zipfile.ZipInfo, bytes]]


def read_parts(data: bytes) -> Parts:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def write_parts(parts: Parts) -> bytes:
    """The parts zipped again, each with its own name and date (the same parts give the same bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            archive.writestr(zipfile.ZipInfo(info.filename, info.date_time), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _edit(name: str, change: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    """A case that changes one part (added when the workbook has none of that name)."""

    def make(base: bytes) -> bytes:
        parts = read_parts(base)
        names = [info.filename for info, _ in parts]
        if name not in names:
            parts.append((zipfile.ZipInfo(name), b""))
            names.append(name)
        index = names.index(name)
        info, data = parts[index]
        parts[index] = (info, change(data))
        return write_parts(parts)

    return make


def replace_in(name: str, old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        assert old in data, (name, old)
        return data.replace(old, new, 1)

    return _edit(name, change)


def _far_cell(ref: str) -> Callable[[bytes], bytes]:
    """The number 1 in cell `ref`, far below or right of the table."""
    row = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    cell = f'<c r="{ref}" t="n"><v>1</v></c>'.encode()
    if int(row) == 199:  # the table's last row
        return replace_in(SHEET, b"</row></sheetData>", cell + b"</row></sheetData>")
    return replace_in(SHEET, b"</sheetData>", f'<row r="{row}">'.encode() + cell + b"</row></sheetData>")


def _rows_after_table(count: int) -> Callable[[bytes], bytes]:
    """`count` rows after the table (row 199), each with the number 1 in column D: rows and cells
    without their number, as a writer may leave them, so that 400 000 rows pack into a small file."""
    rows = b"<row><c/><c/><c/><c><v>1</v></c></row>" * count
    return replace_in(SHEET, b"</sheetData>", rows + b"</sheetData>")


def _shared_strings(count: int) -> Callable[[bytes], bytes]:
    """A shared strings part of `count` empty strings, declared as the workbook's."""

    def make(base: bytes) -> bytes:
        parts = read_parts(base)
        declared = b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'  # noqa: E501
        strings = (
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
            % (count, count)
            + b"<si/>" * count
            + b"</sst>"
        )
        result = []
        for info, data in parts:
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", declared + b"</Types>")
            result.append((info, data))
        result.append((zipfile.ZipInfo(STRINGS), strings))
        return write_parts(result)

    return make


def _bad_checksum(base: bytes) -> bytes:
    """The CRC-32 the archive's directory holds for the sheet changed: the data no longer matches it."""
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        info = archive.getinfo(SHEET)
    entry = base.index(b"PK\x01\x02")  # the central directory's first entry
    name = SHEET.encode()
    while base[entry + 46 : entry + 46 + len(name)] != name:
        entry = base.index(b"PK\x01\x02", entry + 4)
    data = bytearray(base)
    data[entry + 16 : entry + 20] = ((info.CRC ^ 0xFFFF) & 0xFFFFFFFF).to_bytes(4, "little")
    return bytes(data)


#: The sheet's cell D9: I.1.de_ra, "Số nhiệm vụ đề ra trong kế hoạch", the number 46.
D9 = b'<c r="D9" s="10" t="n"><v>46</v>'


def _d9(new: bytes) -> Callable[[bytes], bytes]:
    return replace_in(SHEET, D9, new)


#: File name → how it is made from base.xlsx. Each has a test in tests/test_damaged_xlsx.py.
CASES: dict[str, Callable[[bytes], bytes]] = {
    # XML that is not well-formed, in the sheet and elsewhere
    "sheet-mismatched-tag.xlsx": replace_in(SHEET, D9 + b"</c>", D9[:-4] + b"</c>"),
    "sheet-truncated.xlsx": _edit(SHEET, lambda data: data[: len(data) // 2]),
    "sheet-undefined-entity.xlsx": replace_in(SHEET, b"PH&#7908; L&#7908;C", b"PH&#7908;&nbsp;L&#7908;C"),
    "sheet-doctype.xlsx": _edit(
        SHEET, lambda data: b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>' + data
    ),
    "docprops-mismatched-tag.xlsx": replace_in("docProps/core.xml", b"</dc:creator>", b"</dc:creatr>"),
    "workbook-truncated.xlsx": _edit("xl/workbook.xml", lambda data: data[: len(data) // 2]),
    "zip-bad-checksum.xlsx": _bad_checksum,
    # well-formed, but cells openpyxl fails on
    "cell-string-index.xlsx": _d9(b'<c r="D9" s="10" t="s"><v>999</v>'),
    "cell-not-a-number.xlsx": _d9(b'<c r="D9" s="10" t="n"><v>4x6</v>'),
    "cell-bad-type.xlsx": _d9(b'<c r="D9" s="10" t="q"><v>46</v>'),
    "cell-bad-style.xlsx": _d9(b'<c r="D9" s="999" t="n"><v>46</v>'),
    "cell-bad-address.xlsx": _d9(b'<c r="9D" s="10" t="n"><v>46</v>'),
    "row-bad-number.xlsx": replace_in(SHEET, b'<row r="9" ', b'<row r="x9" '),
    "dimension-bad.xlsx": replace_in(SHEET, b'<dimension ref="A1:F199"/>', b'<dimension ref="A1:F1x9"/>'),
    # damage past the table: nothing the import reads
    "page-setup-bad.xlsx": replace_in(SHEET, b'paperSize="9"', b'paperSize="x9"'),
    # past what a Phụ lục can be
    "limit-far-row.xlsx": _far_cell("A1048576"),
    "limit-extra-rows.xlsx": _rows_after_table(400_000),
    "limit-shared-strings.xlsx": _shared_strings(3_000_000),
    "limit-far-column.xlsx": _far_cell("XFD199"),
    # within the limits: each of the 300 rows after the table is refused, the messages capped
    "extra-rows-300.xlsx": _rows_after_table(300),
}


def write_cases() -> None:
    base = BASE.read_bytes()
    for name, make in CASES.items():
        (DATA / name).write_bytes(make(base))


# -- the fuzz ---------------------------------------------------------------------------------

#: Values, types, styles and addresses a cell is given.
CELL_VALUES = ["", "x", "4x6", "1e999", "-1", "99999999", "nan", "inf", "2023-13-45", "1.5", "\u0663", " 12 ", "1_0"]
CELL_TYPES = ["n", "s", "str", "inlineStr", "b", "e", "d", "x", ""]
CELL_STYLES = ["0", "1", "999", "-1", "x", "1.5", ""]
CELL_REFS = ["A1", "D0", "9D", "XFD1048576", "XFE1", "D1048577", "", "$D$9", "d9", "D9", "AAAA1"]
#: Snippets dropped into a part's text.
TOKENS = [
    b"&nbsp;", b"&#0;", b"&#xD800;", b"<!DOCTYPE x>", b"</c>", b"<row>", b"</row>", b"<c>", b"<![CDATA[", b"<?pi x?>",
    b'<c r="XFD1048576"><v>1</v></c>', b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>', b"<v>", b"]]>",
    b"\x00", b"\xff\xfe", b"\xc3", b"<", b">", b"&", b'"', b"'", b"=", b"<f>SUM(A1)</f>", b"<is><t>x</t></is>",
]  # fmt: skip
_CELL = re.compile(rb"<c(?= |>)[^>]*>")
_ATTRIBUTE = re.compile(rb'(?<= )[\w:]+="[^"]*"')


def _cell_change(text: bytes, rng: random.Random) -> bytes:
    """A cell's type, value, style or address changed (a `<v>` added when it has none)."""
    cells = list(_CELL.finditer(text))
    if not cells:
        return text
    match = rng.choice(cells)
    tag = match.group()
    what = rng.randrange(4)
    if what == 0:
        new_type = rng.choice(CELL_TYPES).encode()
        tag = re.sub(rb' t="[^"]*"', b"", tag).replace(b"<c", b'<c t="' + new_type + b'"', 1)
    elif what == 1:
        tag = re.sub(rb' s="[^"]*"', b"", tag).replace(b"<c", b'<c s="' + rng.choice(CELL_STYLES).encode() + b'"', 1)
    elif what == 2:
        tag = re.sub(rb' r="[^"]*"', b"", tag).replace(b"<c", b'<c r="' + rng.choice(CELL_REFS).encode() + b'"', 1)
    rest = text[match.end() :]
    if what == 3 or rng.random() < 0.3:
        value = b"<v>" + rng.choice(CELL_VALUES).encode() + b"</v>"
        if rest.startswith(b"<v>"):
            rest = value + rest[rest.index(b"</v>") + 4 :]
        elif not tag.endswith(b"/>"):
            rest = value + rest
    return text[: match.start()] + tag + rest


def _mutate_part(text: bytes, rng: random.Random) -> bytes:
    operation = rng.randrange(5)
    if not text:
        return rng.choice(TOKENS)
    at = rng.randrange(len(text))
    if operation == 0:  # a few bytes flipped
        data = bytearray(text)
        for _ in range(rng.randint(1, 3)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    if operation == 1:  # cut short
        return text[:at]
    if operation == 2:
        return _cell_change(text, rng)
    if operation == 3:
        return text[:at] + rng.choice(TOKENS) + text[at:]
    attributes = list(_ATTRIBUTE.finditer(text))  # an attribute's value replaced
    if not attributes:
        return text
    match = rng.choice(attributes)
    name = match.group().split(b"=", 1)[0]
    junk = rng.choice([*CELL_VALUES, *CELL_REFS, "", "-1", "0", "999999999999"]).encode()
    return text[: match.start()] + name + b'="' + junk + b'"' + text[match.end() :]


def damaged_workbooks(seed: int, count: int) -> Iterator[tuple[int, bytes]]:
    """`count` damaged Phụ lục workbooks (case number, bytes), the same for the same seed."""
    bases = [read_parts(BASE.read_bytes()), read_parts(BASE_RESAVED.read_bytes())]
    raw_bases = [BASE.read_bytes(), BASE_RESAVED.read_bytes()]
    rng = random.Random(seed)
    for case in range(count):
        which = rng.randrange(len(bases))
        if rng.random() < 0.1:  # the zip itself: bytes flipped or the file cut short
            data = bytearray(raw_bases[which])
            if rng.random() < 0.5:
                yield case, bytes(data[: rng.randrange(len(data))])
                continue
            for _ in range(rng.randint(1, 4)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            yield case, bytes(data)
            continue
        parts = list(bases[which])
        for _ in range(rng.randint(1, 2)):
            sheet = [i for i, (info, _) in enumerate(parts) if info.filename in (SHEET, STRINGS)]
            index = rng.choice(sheet) if rng.random() < 0.7 else rng.randrange(len(parts))
            info, text = parts[index]
            parts[index] = (info, _mutate_part(text, rng))
        yield case, write_parts(parts)


if __name__ == "__main__":
    write_cases()
