"""`import` red-teamed with BÁO CÁO of agencies it has never seen (tests/stranger_docs*.py): every
field of the imported report file compared with what the document says; `check` finds no error in
it and `build` makes its documents. An xfail names what the importer reads wrong today."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from cchc_docgen.forms.catalog import load_form
from cchc_docgen.forms.model import RowKind
from cchc_docgen.report.analysis import analyze
from cchc_docgen.report.model import BulletList, Cell, Paragraph, Report, Section, Table
from cchc_docgen.report.refs import footnotes_of, plain_text
from tests.conftest import find_soffice, run_cli
from tests.stranger_docs import H, P, Stranger, Tbl, build_stranger
from tests.stranger_docs_catalog import STRANGERS

#: What the importer reads wrong today, by document (the marker goes when the importer is fixed).
KNOWN_WRONG: dict[str, str] = {}


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _expected_tokens(nodes: tuple[object, ...]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    counter = 0
    for node in nodes:
        if isinstance(node, H):
            out.append(("H", node.number, _norm(node.title)))
            out += _expected_tokens(node.children)
        elif isinstance(node, P):
            if node.marker == "1)":
                counter += 1
                out.append(("P", "", f"{counter}) {_norm(node.plain)}"))
                continue
            out.append(("P", node.marker, _norm(node.plain)))
        elif isinstance(node, Tbl):
            cells = (f"{c.text}|{c.colspan}x{c.rowspan}" for row in node.rows for c in row)
            bold = tuple(r - node.header_rows for r in node.bold_rows)
            out.append(("T", f"header rows: {node.header_rows}", f"bold rows: {bold}", *cells))
        counter = 0 if not (isinstance(node, P) and node.marker == "1)") else counter
    return out


def _imported_tokens(blocks: tuple[object, ...]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []

    def text(raw: str) -> str:
        return _norm(plain_text(raw))

    for block in blocks:
        if isinstance(block, Section):
            out.append(("H", block.number, text(block.title.raw)))
            out += _imported_tokens(block.content)
        elif isinstance(block, Paragraph):
            out.append(("P", "", text(block.text.raw)))
        elif isinstance(block, BulletList):
            for i, item in enumerate(block.items):
                label = block.label(i)
                if label in ("-", "+"):
                    out.append(("P", label, text(item.raw)))
                else:
                    out.append(("P", "", f"{label} {text(item.raw)}"))
        elif isinstance(block, Table):
            rows = (*block.header, *block.rows, *((block.total,) if block.total else ()))
            cells = (f"{_norm(c.text)}|{c.colspan}x{c.rowspan}" for c in _origins(rows))
            bold = (*block.bold_rows, *((len(block.rows),) if block.total else ()))
            out.append(("T", f"header rows: {len(block.header)}", f"bold rows: {bold}", *cells))
    return out


def _origins(rows: tuple[tuple[Cell, ...], ...]) -> list[Cell]:
    """The cells a merge starts from, row by row: a full-width row's "" under a rowspan is left out
    (the report file may write a row either way)."""
    columns = max((sum(c.colspan for c in row) for row in rows), default=0)
    covered: dict[int, int] = {}  # column → the last row a rowspan from above covers
    out: list[Cell] = []
    for index, row in enumerate(rows):
        full = sum(c.colspan for c in row) >= columns
        column = 0
        for cell in row:
            while not full and covered.get(column, -1) >= index:
                column += 1
            if not (full and covered.get(column, -1) >= index and not cell.text):
                out.append(cell)
                for c in range(column, column + cell.colspan):
                    covered[c] = index + cell.rowspan - 1
            column += cell.colspan
    return out


def _footnotes(blocks: tuple[object, ...]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, Section):
            yield from _footnotes(block.content)
        elif isinstance(block, Paragraph):
            yield from (_norm(n) for n in footnotes_of(block.text.raw)[1])
        elif isinstance(block, BulletList):
            for item in block.items:
                yield from (_norm(n) for n in footnotes_of(item.raw)[1])


def _expected_notes(nodes: tuple[object, ...]) -> Iterator[str]:
    for node in nodes:
        if isinstance(node, H):
            yield from _expected_notes(node.children)
        elif isinstance(node, P):
            yield from (_norm(n) for n in node.notes)


def _date(place_date: str) -> tuple[int | None, ...]:
    words = place_date.split("ngày", 1)[1].replace("tháng", " ").replace("năm", " ").replace("/", " ").split()
    numbers = [int(w) for w in words if w.isdigit()]
    return (numbers[-1], numbers[-2], numbers[0] if len(numbers) == 3 else None)


def _entry(typed: str) -> tuple[object, ...]:
    """What a typed Phụ lục value reads as: (value, qualifier, zero_padded)."""
    typed = _norm(typed)  # a non-breaking space reads as a space
    if typed in ("Có", "Không"):  # a coded row answered in words: its code
        return (1 if typed == "Có" else 0, None, False)
    match = re.fullmatch(r"([\d.,]+)\s*%?\s*(\(.*\))?", typed)
    assert match, typed
    number = match.group(1).replace(".", "").replace(",", ".")
    value: float | int = float(number) if "." in number else int(number)
    return (value, match.group(2), len(match.group(1)) > 1 and match.group(1).startswith("0"))


def mismatches(model: Report, s: Stranger) -> list[str]:
    """Each field the import read differently from the document, as "field: got … expected …"."""
    found: list[str] = []

    def same(name: str, got: object, expected: object) -> None:
        if got != expected:
            found.append(f"{name}: got {got!r}, expected {expected!r}")

    document = model.document
    kind = f"Q{model.period.quarter}" if model.period.quarter else model.period.kind.value
    same("period", f"{model.period.year}-{kind}", s.period)
    same("agency.parent", model.agency.parent, s.parent)
    # A long name wrapped on two lines is one name; "ỦY BAN NHÂN DÂN" above "XÃ …" stays two lines.
    if s.issuer[0].upper().replace("Ỷ", "Ỳ").startswith(("ỦY BAN", "UỶ BAN")) or len(s.issuer) > 1:
        same("agency.heading_lines", tuple(model.agency.heading_lines), s.issuer)
    else:
        same("agency.heading_lines (joined)", _norm(" ".join(model.agency.heading_lines)), s.issuer[0])
    same("agency.place", model.agency.place, s.place)
    same("document.symbol", document.symbol, s.number.split("/")[-1])
    typed_number = s.number.split(":", 1)[1].split("/")[0].strip()  # "" or "……" in a draft
    same("document.number", document.number, int(typed_number) if typed_number.isdigit() else None)
    same("document.draft", document.draft, not typed_number.isdigit())
    date = document.date
    got_date = (date.year, date.month, date.day) if date else None
    same("document.date", got_date, _date(s.place_date))
    same("document.subject", _norm(document.subject or ""), _norm(s.subject))
    same("document.recipients", [_norm(r).rstrip(";.") for r in document.recipients], list(s.recipients))
    same("document.bases", [_norm(b).rstrip(";.") for b in document.bases], list(s.bases))
    opening = document.opening.raw if document.opening else ""
    same("document.opening", _norm(plain_text(opening)), _norm(" ".join(s.opening)))
    got_tokens, want_tokens = _imported_tokens(model.narrative), _expected_tokens(s.body)
    if got_tokens != want_tokens:
        for i, (got, want) in enumerate(zip(got_tokens, want_tokens, strict=False)):
            if got != want:
                found.append(f"narrative[{i}]: got {got!r}, expected {want!r}")
                break
        if len(got_tokens) != len(want_tokens):
            found.append(f"narrative: got {len(got_tokens)} blocks, expected {len(want_tokens)}")
    same("footnotes", list(_footnotes(model.narrative)), list(_expected_notes(s.body)))
    closing = model.closing.raw if model.closing else ""
    same("closing", _norm(plain_text(closing)), _norm(s.closing))
    same("signature.lines", tuple(model.signature.lines), s.signature)
    same("signature.name", model.signature.name or "", s.signer)
    same("signature.distribution", [d.rstrip(";.").strip() for d in model.signature.distribution], list(s.distribution))
    if s.appendix is None:
        same("appendix", model.appendix, None)
    elif model.appendix is None:
        found.append("appendix: got None, expected the Phụ lục's values")
    else:
        same("appendix.form_id", model.appendix.form_id, s.form)
        form_rows = {row.id: row for row in load_form(s.form).rows}
        for row_id, typed in s.appendix.items():
            entry = model.appendix.values.get(row_id)
            # "09" is read as printed either way: padded itself, or a count under `leading_zero: true`.
            count = form_rows[row_id].kind is RowKind.COUNT
            small = entry is not None and count and isinstance(entry.value, int) and 0 <= entry.value < 10
            padded = entry is not None and (entry.zero_padded or (bool(model.appendix.leading_zero) and small))
            read = (entry.value, entry.qualifier, padded) if entry else None
            same(f"appendix[{row_id}]", read, _entry(typed))
        for row_id, note in s.appendix_notes.items():
            entry = model.appendix.values.get(row_id)
            same(f"appendix[{row_id}].note", _norm(entry.note or "") if entry else None, note)
        extra = sorted(k for k, e in model.appendix.values.items() if k not in s.appendix and e.value is not None)
        same("appendix: values the Phụ lục does not hold", extra, [])
    return found


def _params() -> list[object]:
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_WRONG[name]))
        if name in KNOWN_WRONG
        else name
        for name in sorted(STRANGERS)
    ]


def _imported(name: str, tmp_path: Path) -> Path:
    source = build_stranger(STRANGERS[name], tmp_path / f"{name}.docx")
    report = tmp_path / f"{name}.yaml"
    result = run_cli("import", source, report)
    assert result.exit_code == 0, result.output
    return report


@pytest.mark.parametrize("name", _params())
def test_a_stranger_reads_as_it_says(name: str, tmp_path: Path) -> None:
    report = _imported(name, tmp_path)
    checked = analyze(report, ())
    assert [str(d) for d in checked.diagnostics if d.is_error] == []
    assert checked.report is not None
    assert mismatches(checked.report, STRANGERS[name]) == []


#: Documents whose imported file `check` or `build` refuses today.
KNOWN_UNBUILT: dict[str, str] = {}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN_UNBUILT[n])) if n in KNOWN_UNBUILT else n
        for n in sorted(STRANGERS)
    ],
)
def test_a_stranger_checks_and_builds(name: str, tmp_path: Path) -> None:
    report = _imported(name, tmp_path)
    checked = run_cli("check", report)
    assert checked.exit_code == 0, checked.output
    built = run_cli("build", report, "--output", tmp_path / "out", "--jobs", "1")
    assert built.exit_code == 0, built.output
    assert sorted(p.suffix for p in (tmp_path / "out").rglob("*.docx"))


#: The documents themselves (no variants), each once.
BASES = sorted(name for name in STRANGERS if "+" not in name)


@pytest.fixture(scope="module")
def resaved_by_libreoffice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every base document opened and saved again as .docx by LibreOffice (one run for all)."""
    soffice = find_soffice()
    assert soffice is not None, "LibreOffice (soffice) is not installed"
    folder = tmp_path_factory.mktemp("strangers-lo")
    files = [build_stranger(STRANGERS[name], folder / f"{name}.docx") for name in BASES]
    out = folder / "resaved"
    command = [
        soffice,
        f"-env:UserInstallation={(folder / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(out),
        *map(str, files),
    ]
    result = subprocess.run(command, capture_output=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    return out


@pytest.mark.libreoffice
@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN_WRONG[n])) if n in KNOWN_WRONG else n
        for n in BASES
    ],
)
def test_a_stranger_resaved_by_libreoffice_reads_the_same(
    name: str, resaved_by_libreoffice: Path, tmp_path: Path
) -> None:
    report = tmp_path / f"{name}.yaml"
    result = run_cli("import", resaved_by_libreoffice / f"{name}.docx", report)
    assert result.exit_code == 0, result.output
    checked = analyze(report, ())
    assert [str(d) for d in checked.diagnostics if d.is_error] == []
    assert checked.report is not None
    assert mismatches(checked.report, STRANGERS[name]) == []
