"""The fixed blocks of a clerk's BÁO CÁO: header, title, tables, signature, Phụ lục section."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docx.oxml.ns import qn

from tests import clerk_docs_ooxml as ox
from tests.clerk_docs_ooxml import E
from tests.clerk_docs_shapes import text_box_run
from tests.clerk_docs_truth import Appendix, Cell, Table

if TYPE_CHECKING:
    from tests.clerk_docs_render import _Writer

from lxml.etree import _Element as Element

TEXT_CM = 16.5  # A4 portrait minus 30 mm + 15 mm margins
LANDSCAPE_CM = 25.2


class Blocks:
    def __init__(self, w: _Writer) -> None:
        from tests.clerk_docs_render import created_for

        self.w = w
        self.created = created_for(w.truth)

    def _p(
        self,
        text: str,
        bold: bool = False,
        italic: bool = False,
        size: float = 13,
        align: str = "center",
        after: int = 0,
        **kw: object,
    ) -> Element:
        w = self.w
        runs = [ox.run(w.messy_text(text), ox.rpr(bold, italic, size))] if text else []
        return ox.para(runs, align=align, after=after, **kw)  # type: ignore[arg-type]

    def _rule(self, indent_cm: float) -> Element:
        """An empty paragraph whose bottom border, narrowed by indents, draws the short rule."""
        return ox.para([], after=0, left_cm=indent_cm, border_bottom=True)

    # --- header -------------------------------------------------------------------------------

    def _left(self) -> list[Element]:
        h = self.w.truth.header
        out = []
        if h.parent:
            out.append(self._p(h.parent, size=13))
        if self.w.h.messy:
            out.append(self._p("\n".join(h.issuer), bold=True))
        else:
            out += [self._p(line, bold=True) for line in h.issuer]
        out.append(self._rule(2.0))
        out.append(self._p(h.number, before=6))
        return out

    def _right(self) -> list[Element]:
        h = self.w.truth.header
        date = self.w.messy_text(h.place_date)
        m = re.search(r"ngày \d", date)
        if self.w.h.fields and m:
            rpr = ox.rpr(italic=True, size=14)
            field = ox.complex_field("CREATEDATE \\@ \"'ngày' dd 'tháng' M 'năm' yyyy\"", date[m.start() :], rpr)
            runs = [ox.run(date[: m.start()], rpr), *field]
            date_p = ox.para(runs, align="center", before=6)
        else:
            date_p = self._p(date, italic=True, size=14, before=6)
        return [
            self._p(h.motto[0], bold=True, size=12),
            self._p(h.motto[1], bold=True, size=13),
            self._rule(1.3),
            date_p,
        ]

    def header(self) -> None:
        kind = self.w.h.header
        if kind == "table":
            self.w.add(self._grid([[self._left(), self._right()]], [6.5, 10.0], borders=False))
        elif kind == "textboxes":
            boxes = [
                text_box_run(self._left(), -0.8, 7.0, 3.2, shape_id=1),
                text_box_run(self._right(), 6.2, 10.5, 3.2, shape_id=2),
            ]
            self.w.add(ox.para(boxes, after=0))
            for _ in range(5):
                self.w.spacer()
        else:
            self._tab_header()
        if self.w.h.messy:
            self.w.spacer()

    def _tab_header(self) -> None:
        """One paragraph per line, centre tab stops over each column."""
        h = self.w.truth.header
        left = ([h.parent] if h.parent else []) + list(h.issuer)
        left_bold = ([False] if h.parent else []) + [True] * len(h.issuer)
        right = list(h.motto)
        rows = max(len(left), len(right))
        tabs = [("center", 3.2), ("center", 11.2)]
        for i in range(rows):
            runs = [ox.run("\t")]
            if i < len(left):
                runs.append(ox.run(left[i], ox.rpr(left_bold[i], size=13)))
            runs.append(ox.run("\t"))
            if i < len(right):
                runs.append(ox.run(right[i], ox.rpr(True, size=12 if i == 0 else 13)))
            self.w.add(ox.para(runs, tabs=tabs, after=0))
        self.w.add(ox.para([ox.run("\t"), ox.run("\t"), ox.run("―" * 11, ox.rpr(size=13))], tabs=tabs, after=0))
        date = self.w.messy_text(h.place_date)
        runs = [ox.run("\t"), ox.run(h.number, ox.rpr(size=13)), ox.run("\t"), ox.run(date, ox.rpr(italic=True))]
        self.w.add(ox.para(runs, tabs=tabs, before=6, after=6))

    # --- title, recipients --------------------------------------------------------------------

    def title(self) -> None:
        t, w = self.w.truth, self.w
        w.add(self._p(t.doc_type, bold=True, size=14, before=18))
        if w.h.messy or len(t.subject) > 1:
            w.add(self._p("\n".join(t.subject), bold=True, size=14))
        else:
            w.add(self._p(t.subject[0], bold=True, size=14))
        w.add(self._rule(6.0))
        if len(t.recipients) == 1:
            w.add(self._p(f"Kính gửi: {t.recipients[0]}", size=14, before=12, after=6))
        elif t.recipients:
            w.add(self._p("Kính gửi:", size=14, before=12, align="left", left_cm=3.0))
            for r in t.recipients:
                w.add(self._p(f"- {r}", size=14, align="left", left_cm=5.0))
        if w.h.messy:
            w.spacer()

    # --- tables -------------------------------------------------------------------------------

    def _grid(self, rows: list[list[list[Element]]], widths: list[float], borders: bool) -> Element:
        """A table of already-built cell contents (lists of paragraphs), no merges."""
        tbl = self._table_start(widths, borders)
        for row in rows:
            tr = E("w:tr")
            for content, width in zip(row, widths, strict=True):
                tr.append(self._tc(content, width))
            tbl.append(tr)
        return tbl

    def _table_start(self, widths: list[float], borders: bool) -> Element:
        tblpr = E(
            "w:tblPr",
            None,
            E("w:tblW", {"w:w": str(round(sum(widths) * 567)), "w:type": "dxa"}),
            ox.table_borders(none=not borders),
            E("w:tblLayout", {"w:type": "fixed"}),
            E(
                "w:tblLook",
                {
                    "w:val": "04A0",
                    "w:firstRow": "1",
                    "w:lastRow": "0",
                    "w:firstColumn": "1",
                    "w:lastColumn": "0",
                    "w:noHBand": "0",
                    "w:noVBand": "1",
                },
            ),
        )
        if not borders:
            tblpr.insert(1, E("w:jc", {"w:val": "center"}))
        grid = E("w:tblGrid", None, *(E("w:gridCol", {"w:w": str(round(x * 567))}) for x in widths))
        return E("w:tbl", None, tblpr, grid)

    def _tc(self, content: list[Element], width: float, span: int = 1, vmerge: str | None = None) -> Element:
        pr = E("w:tcPr", None, E("w:tcW", {"w:w": str(round(width * 567)), "w:type": "dxa"}))
        if span > 1:
            pr.append(E("w:gridSpan", {"w:val": str(span)}))
        if vmerge is not None:
            pr.append(E("w:vMerge", {"w:val": vmerge} if vmerge == "restart" else None))
        if vmerge or span > 1:
            pr.append(E("w:vAlign", {"w:val": "center"}))
        return E("w:tc", None, pr, *(content or [ox.para([])]))

    def _cell_paras(self, cell: Cell, size: float, align: str, bold: bool = False) -> list[Element]:
        lines = cell.text.split("\n") if cell.text else [""]
        if self.w.h.messy and len(lines) > 1:
            lines = [cell.text]  # Shift+Enter inside the cell
        return [self._p(line, bold=bold or cell.bold, size=size, align=align, after=0) for line in lines]

    def merged_table(
        self,
        rows: tuple[tuple[Cell, ...], ...],
        widths: list[float],
        header_rows: int,
        size: float,
        aligns: list[str],
        bold_rows: frozenset[int] = frozenset(),
    ) -> Element:  # type: ignore[assignment]
        """Rows of Cells with col/row spans: gridSpan, and vMerge restart/continue on covered positions."""
        tbl = self._table_start(widths, borders=True)
        covered: dict[int, tuple[int, int]] = {}  # column -> (rows left, span)
        for ri, row in enumerate(rows):
            tr = E("w:tr")
            if ri < header_rows:
                tr.append(E("w:trPr", None, E("w:tblHeader")))
            cells = iter(row)
            col = 0
            while col < len(widths):
                if covered.get(col, (0, 0))[0] > 0:
                    left, span = covered[col]
                    covered[col] = (left - 1, span)
                    tr.append(self._tc([], sum(widths[col : col + span]), span, "continue"))
                    col += span
                    continue
                cell = next(cells, None)
                if cell is None:
                    break
                span = cell.col_span
                header = ri < header_rows
                content = self._cell_paras(
                    cell, size, "center" if header else aligns[col], bold=header or ri in bold_rows
                )
                vm = None
                if cell.row_span > 1:
                    covered[col] = (cell.row_span - 1, span)
                    vm = "restart"
                tr.append(self._tc(content, sum(widths[col : col + span]), span, vm))
                col += span
            tbl.append(tr)
        return tbl

    def table(self, t: Table) -> Element:
        n = t.columns
        first = 1.2
        widths = [first] + [(TEXT_CM - first) / (n - 1)] * (n - 1)
        return self.merged_table(t.rows, widths, t.header_rows, 12, ["center"] + ["left"] * (n - 1))

    # --- signature, appendix ------------------------------------------------------------------

    def signature(self) -> None:
        s, w = self.w.truth.signature, self.w
        left = [self._p("Nơi nhận:", bold=True, italic=True, size=12, align="left", before=12)]
        left += [self._p(f"- {r}", size=11, align="left") for r in s.recipients]
        if w.h.messy:
            right = [self._p("\n".join(s.lines), bold=True, size=14, before=12)]
        else:
            right = [self._p(line, bold=True, size=14, before=12 if i == 0 else None) for i, line in enumerate(s.lines)]
        right += [self._p("") for _ in range(4)]
        right.append(self._p(s.name, bold=True, size=14))
        w.add(self._grid([[left, right]], [7.5, 9.0], borders=False))

    def appendix(self, a: Appendix) -> None:
        w = self.w
        # The BÁO CÁO's own section ends in this paragraph's pPr; the body's last sectPr is landscape.
        end = ox.para([], after=0)
        end.find(qn("w:pPr")).append(ox.section_properties(landscape=False))
        w.add(end)
        w.sect.getparent().replace(w.sect, ox.section_properties(landscape=True))
        w.sect = w.body.find(qn("w:sectPr"))
        for line in a.title_lines:
            w.add(self._p(line, bold=True, size=14))
        w.add(self._p(a.attachment, italic=True, size=14))
        w.add(self._rule(10.0))
        widths = [1.2, 9.0, 2.7, 2.3, 10.0]
        if max(sum(c.col_span for c in row) for row in a.header) != 5:
            raise ValueError("appendix header must span the five columns")
        rows = tuple(a.header) + tuple(tuple(Cell(t) for t in r.cells) for r in a.rows)
        bold = frozenset(len(a.header) + i for i, r in enumerate(a.rows) if r.bold)
        w.add(self.merged_table(rows, widths, len(a.header), 12, ["center", "left", "center", "center", "left"], bold))
        w.add(ox.para([], after=0))
