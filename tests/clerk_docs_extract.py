"""Writes the content modules tests/clerk_docs_<report>.py from the examples as `cchc-docgen build` prints them.

Run once by hand (`python -m tests.clerk_docs_extract`) when an example changes; the modules are committed
and may be edited afterwards (extra footnotes, italics), so re-running overwrites those edits.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = {
    "tttt": ("data/so-tttt-soc-trang/2022-q3.yaml", "so-thong-tin-va-truyen-thong-2022-q3"),
    "tnmt": ("data/so-tnmt-soc-trang/2023-nam.yaml", "so-tai-nguyen-va-moi-truong-2023-nam"),
    "cld": ("data/ubnd-cu-lao-dung/2023-q1.yaml", "huyen-cu-lao-dung-2023-q1"),
    "xa": ("data/ubnd-xa-dung-k-no/2025-q1.yaml", "xa-dung-kno-2025-q1"),
}
HEADING_STYLES = {"BC Đề mục I": 1, "BC Đề mục 1": 2, "BC Đề mục 1.1": 3, "BC Đề mục 1.1.1": 4, "BC Đề mục a": 5}
NUMBER = re.compile(r"^([IVXLC]+\.|\d+(\.\d+)*\.?|[a-zđ]\))\s")


def _runs(p: Paragraph) -> list[tuple[str, bool, bool]]:
    out: list[tuple[str, bool, bool]] = []
    for r in p.runs:
        text = r.text
        if not text:
            continue
        b, i = bool(r.bold), bool(r.italic)
        if out and out[-1][1:] == (b, i):
            out[-1] = (out[-1][0] + text, b, i)
        else:
            out.append((text, b, i))
    return out


def _drop_prefix(runs: list[tuple[str, bool, bool]], n: int) -> list[tuple[str, bool, bool]]:
    first = (runs[0][0][n:], *runs[0][1:])
    return ([first] if first[0] else []) + runs[1:]


def _parts(runs: list[tuple[str, bool, bool]], ignore_italic: bool = False) -> str:
    items = []
    for text, b, i in runs:
        i = i and not ignore_italic
        if b and i:
            items.append(f"BI({text!r})")
        elif b:
            items.append(f"B({text!r})")
        elif i:
            items.append(f"I({text!r})")
        else:
            items.append(repr(text))
    return ", ".join(items)


def _cell_rows(tbl: DocxTable) -> list[list[tuple[str, int, int]]]:
    """Rows of (text, col_span, row_span), covered positions left out."""
    grid: list[list[tuple[str, int, int] | None]] = []
    starts: dict[tuple[int, int], tuple[int, int]] = {}
    for ri, tr in enumerate(tbl._tbl.tr_lst):
        row: list[tuple[str, int, int] | None] = []
        col = 0
        for tc in tr.tc_lst:
            text = "\n".join(Paragraph(p, tbl).text for p in tc.iter(qn("w:p"))).strip("\n")
            span = tc.grid_span
            if tc.vMerge == "continue":
                si, sj = starts[(ri - 1, col)]
                t, cs, rs = grid[si][sj]  # type: ignore[misc]
                grid[si][sj] = (t, cs, rs + 1)
                starts[(ri, col)] = (si, sj)
                row.append(None)
            else:
                starts[(ri, col)] = (ri, len(row))
                row.append((text, span, 1))
            col += span
        grid.append(row)
    return [[c for c in row if c is not None] for row in grid]


def _table_source(tbl: DocxTable, indent: str) -> str:
    rows = []
    for row in _cell_rows(tbl):
        cells = []
        for text, cs, rs in row:
            if cs == 1 and rs == 1:
                cells.append(repr(text))
            else:
                cells.append(f"C({text!r}, {cs}, {rs})")
        rows.append(f"{indent}    ({', '.join(cells)},),")
    return f"{indent}T(\n" + "\n".join(rows) + f"\n{indent}),"


def extract(key: str, out_dir: Path) -> str:
    yaml_path, stem = EXAMPLES[key]
    doc = docx.Document(str(out_dir / f"{stem}-bao-cao.docx"))
    body = list(doc.element.body)
    header_tbl = DocxTable(body[0], doc)
    left = header_tbl.rows[0].cells[0].paragraphs
    parent = next((p.text for p in left if p.text and not _runs(p)[0][1]), "")
    issuer = next(p.text for p in left if p.text and _runs(p)[0][1]).split("\n")
    number = header_tbl.rows[1].cells[0].text
    place_date = header_tbl.rows[1].cells[1].text
    items = body[1:-1]
    paras = [Paragraph(e, doc) if e.tag == qn("w:p") else DocxTable(e, doc) for e in items]
    i = 0
    assert paras[i].text == "BÁO CÁO"  # type: ignore[union-attr]
    i += 1
    subject = []
    while paras[i].text:  # type: ignore[union-attr]
        subject.append(paras[i].text)  # type: ignore[union-attr]
        i += 1
    i += 1
    recipients: list[str] = []
    bases: list[str] = []
    opening: list[str] = []
    closing: list[str] = []
    # Tree of source lines: stack of (level, lines).
    root: list[str] = []
    stack: list[tuple[int, list[str]]] = [(0, root)]
    for item in paras[i:]:
        if isinstance(item, DocxTable):
            if "Nơi nhận" in item.rows[0].cells[0].text:
                sign_tbl = item
                continue
            stack[-1][1].append(_table_source(item, "    " * len(stack)))
            continue
        text = item.text
        if not text.strip():
            continue
        style = item.style.name if item.style is not None else ""
        if text.startswith("Kính gửi:"):
            recipients.append(text.removeprefix("Kính gửi:").strip())
            continue
        if style in HEADING_STYLES:
            level = HEADING_STYLES[style]
            runs = _runs(item)
            num = ""
            m = NUMBER.match(runs[0][0])
            if m:
                num = m.group(0).strip()
                runs = _drop_prefix(runs, len(m.group(0)))
            while stack[-1][0] >= level:
                stack.pop()
            children: list[str] = []
            title = _parts(runs)
            stack[-1][1].append((level, num, title, children))  # type: ignore[arg-type]
            stack.append((level, children))
            continue
        runs = _runs(item)
        if len(stack) == 1:
            if text.startswith("Căn cứ") and runs[0][2]:  # an italic căn cứ line; a plain one opens
                bases.append(f"P(I({text!r})),")  # a căn cứ line is italic (decree), whatever carries it
            else:
                opening.append(f"P({_parts(runs)}),")
            continue
        if text.startswith("Trên đây"):
            closing.append(f"P({_parts(runs)}),")
            continue
        if runs[0][0][:2] in ("- ", "+ "):
            stack[-1][1].append(f"L({runs[0][0][0]!r}, {_parts(_drop_prefix(runs, 2))}),")
        else:
            stack[-1][1].append(f"P({_parts(runs)}),")
    sign_left = [p.text for p in sign_tbl.rows[0].cells[0].paragraphs if p.text]
    sign_right = [p.text for p in sign_tbl.rows[0].cells[1].paragraphs if p.text]
    name = sign_right[-1] if len(sign_right) > 1 and sign_right[-1] != sign_right[-1].upper() else ""
    lines = sign_right[:-1] if name else sign_right
    recips = [t.removeprefix("- ").removeprefix("-") for t in sign_left[1:]]

    def emit(nodes: list, depth: int) -> list[str]:  # type: ignore[type-arg]
        ind = "    " * depth
        out = []
        for n in nodes:
            if isinstance(n, tuple):
                level, num, title, children = n
                out.append(f"{ind}H({level}, {num!r}, ({title},),")
                out.extend(emit(children, depth + 1))
                out.append(f"{ind}),")
            elif n.lstrip().startswith("T("):
                out.append("\n".join(ind + line.strip() if k == 0 else line for k, line in enumerate(n.split("\n"))))
            else:
                out.append(ind + n)
        return out

    name_const = key.upper()
    src = [
        f'"""Content of {yaml_path} as printed (written by tests/clerk_docs_extract.py, then edited by hand)."""',
        "",
        "# ruff: noqa: E501  (one paragraph of the report per line)",
        "# fmt: off",
        "",
        "from tests.clerk_docs_truth import (  # noqa: F401",
        "    B, BI, C, FN, H, I, L, P, R, T, Appendix, Cell, Header, Signature, Truth,",
        ")",
        "",
        f"{name_const} = Truth(",
        "    header=Header(",
        f"        parent={parent!r},",
        f"        issuer={tuple(issuer)!r},",
        f"        number={number!r},",
        f"        place_date={place_date!r},",
        "    ),",
        f"    subject={tuple(subject)!r},",
        f"    recipients={tuple(recipients)!r},",
        "    bases=(" + "".join(f"\n        {b}" for b in bases) + ("\n    )," if bases else "),"),
        "    opening=(" + "".join(f"\n        {b}" for b in opening) + ("\n    )," if opening else "),"),
        "    body=(",
        *emit(root, 2),
        "    ),",
        "    closing=(" + "".join(f"\n        {b}" for b in closing) + ("\n    )," if closing else "),"),
        "    signature=Signature(",
        f"        lines={tuple(lines)!r},",
        f"        name={name!r},",
        f"        recipients={tuple(recips)!r},",
        "    ),",
        f"    appendix={_appendix_source(out_dir / f'{stem}-phu-luc.docx')},",
        ")",
        "",
    ]
    return "\n".join(src)


def _appendix_source(path: Path) -> str:
    if not path.exists():
        return "None"
    doc = docx.Document(str(path))
    titles = [p.text for p in doc.paragraphs if p.text]
    attachment = next(t for t in titles if t.startswith("("))
    title_lines = [t for t in titles if t != attachment]
    rows = _cell_rows(doc.tables[0])
    n_header = next(k for k, r in enumerate(rows) if r[0][0] == "I")
    header = "".join(
        "\n            (" + ", ".join(f"Cell({t!r}, {cs}, {rs}, True)" for t, cs, rs in row) + ",),"
        for row in rows[:n_header]
    )
    body = []
    for row in rows[n_header:]:
        cells = [t for t, _, _ in row]
        while len(cells) > 2 and not cells[-1]:
            cells.pop()
        bold = re.fullmatch(r"[IVX]+", cells[0]) is not None
        args = ", ".join(repr(c) for c in cells) + (", b=True" if bold else "")
        body.append(f"\n            R({args}),")
    return (
        "Appendix(\n"
        f"        title_lines={tuple(title_lines)!r},\n"
        f"        attachment={attachment!r},\n"
        f"        header=({header}\n        ),\n"
        f"        rows=({''.join(body)}\n        ),\n    )"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        yamls = [str(ROOT / y) for y, _ in EXAMPLES.values()]
        subprocess.run([sys.executable, "-m", "cchc_docgen", "build", "-o", str(out), *yamls], check=True)
        for key in EXAMPLES:
            (ROOT / "tests" / f"clerk_docs_{key}.py").write_text(extract(key, out), encoding="utf-8")


if __name__ == "__main__":
    main()
