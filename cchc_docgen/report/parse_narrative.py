"""Reading the narrative: sections, paragraphs, lists, tables with merged cells, footnotes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .fields import (
    BOLD_ROW,
    BULLET_LIST,
    CELL,
    FOOTNOTED,
    MARKERS,
    MAX_COLUMNS,
    MAX_LETTERED,
    MAX_SPAN,
    SECTION,
    TABLE,
    TABLE_BLOCK,
)
from .model import (
    Block,
    BulletList,
    Cell,
    Paragraph,
    Section,
    Table,
    Text,
)
from .numbering import LETTER_STYLES, Numbering
from .parse_base import _WIDEST, Key, Reader


class NarrativeParser(Reader):
    """The narrative's sections and blocks."""

    def sections(self, raw: Any, key: Key, numbering: Numbering) -> list[Section]:
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.err(key, "narrative phải là danh sách các mục '- title: …'")
            return []
        sections = []
        for i, item in enumerate(raw):
            if not isinstance(item, dict) or "title" not in item:
                self.err((*key, i), "ở cấp này mỗi mục cần 'title' (tiêu đề) và 'content' (nội dung)")
                continue
            section = self.section(item, (*key, i), numbering)
            if section is not None:
                sections.append(section)
        return sections

    def section(self, data: dict[str, Any], key: Key, numbering: Numbering) -> Section | None:
        self.mapping(data, key, SECTION)
        title = self.text(data.get("title"), (*key, "title"))
        number = numbering.next() if self.flag(data, "numbered", key, True) else ""
        if number and numbering.letters and numbering.counter > MAX_LETTERED:
            self.err(key, f"mục đánh chữ chỉ có a) đến z) ({MAX_LETTERED} mục); hãy chia thành nhiều mục")
        explicit = data.get("number")
        if explicit is not None:
            number = self.typed(explicit, (*key, "number"))
            numbering.follow(number)
        letters = data.get("letters", False)
        if letters is True:
            letters = LETTER_STYLES[0]
        if letters is not False and letters not in LETTER_STYLES:
            self.err((*key, "letters"), 'letters phải là true, "a)" hoặc "a." (mục con đánh a), b) … hoặc a., b. …)')
            letters = False
        child = numbering.child(number, letters or "")
        content = self.content(data.get("content"), (*key, "content"), child)
        if title is None:
            return None
        italic = self.flag(data, "italic", key, False)
        return Section(title=title, number=number, level=numbering.level, content=tuple(content), italic=italic)

    def content(self, raw: Any, key: Key, numbering: Numbering) -> list[Block]:
        if raw is None:
            return []
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list):
            self.err(key, "content phải là danh sách các đoạn văn, danh sách, bảng hoặc mục con")
            return []
        blocks: list[Block] = []
        for i, item in enumerate(raw):
            here = (*key, i)
            if item is not None and not isinstance(item, (dict, list)):
                self.check_footnotes(item, here)
                blocks.append(Paragraph(Text(self.typed(item, here), self.src.line(*here))))
            elif isinstance(item, dict) and "title" in item:
                section = self.section(item, here, numbering)
                if section is not None:
                    blocks.append(section)
            elif isinstance(item, dict) and "list" in item:
                blocks.extend(self.bullet_list(item, here))
            elif isinstance(item, dict) and "table" in item:
                blocks.extend(self.table(item, here))
            elif isinstance(item, dict) and "text" in item:
                self.mapping(item, here, FOOTNOTED)
                text = self.text(item.get("text"), (*here, "text"))
                footnote = item.get("footnote")
                if isinstance(footnote, (dict, list)):
                    self.err((*here, "footnote"), "footnote phải là một đoạn văn bản")
                    footnote = None
                if text is not None:
                    shown = None if footnote is None else self.typed(footnote, (*here, "footnote"))
                    blocks.append(Paragraph(text, shown))
            else:
                self.err(here, "không hiểu mục này: hãy viết một đoạn văn, hoặc dùng title/list/table/text")
        return blocks

    def bullet_list(self, data: dict[str, Any], key: Key) -> list[BulletList]:
        self.mapping(data, key, BULLET_LIST)
        marker = self.typed(data.get("marker", "-"), (*key, "marker"))
        if marker not in MARKERS:
            self.err((*key, "marker"), f"marker '{marker}' không hợp lệ; dùng một trong {', '.join(MARKERS)}")
            marker = "-"
        start = data.get("start", 1)
        if isinstance(start, bool) or not isinstance(start, int) or not 1 <= start <= 999:
            self.err((*key, "start"), "start phải là số nguyên dương (số thứ tự của ý đầu tiên, ví dụ 3)")
            start = 1
        items = data.get("list")
        if not isinstance(items, list):
            self.err((*key, "list"), "list phải là danh sách các dòng '- …'")
            return []
        if marker in ("a)", "a.") and start + len(items) - 1 > MAX_LETTERED:
            message = f"danh sách a) chỉ có a) đến z) ({MAX_LETTERED} mục); dùng marker '1.'"
            self.err((*key, "list", max(0, MAX_LETTERED - start + 1)), message)
        texts = [self.text(item, (*key, "list", i)) for i, item in enumerate(items)]
        return [BulletList(tuple(t for t in texts if t is not None), marker, start)]

    def table(self, data: dict[str, Any], key: Key) -> list[Table]:
        self.mapping(data, key, TABLE_BLOCK)
        spec = self.mapping(data.get("table"), (*key, "table"), TABLE)
        tkey = (*key, "table")
        errors_before = len(self.errors)
        header = self.cell_rows(spec.get("header") or [], (*tkey, "header"))
        bold_rows: list[int] = []
        rows = self.cell_rows(spec.get("rows") or [], (*tkey, "rows"), bold_rows)
        total = None
        if spec.get("total") is not None:
            totals = self.cell_rows([spec["total"]], (*tkey, "total"))
            total = totals[0] if totals else None
        every = (*header, *rows, *((total,) if total else ()))
        columns = max((sum(c.colspan for c in row) for row in every), default=0)
        if columns > MAX_COLUMNS:
            self.err(tkey, f"bảng có {columns} cột; Word chỉ cho tối đa {MAX_COLUMNS} cột")
            return []
        for index, row in enumerate(every):
            if any(cell.rowspan > len(every) - index for cell in row):
                self.err(tkey, f"dòng {index + 1} của bảng có rowspan vượt quá số dòng còn lại của bảng")
                return []
        if sum(c.colspan * c.rowspan for row in every for c in row) > 2 * columns * len(every):
            self.err(tkey, "các ô gộp (colspan, rowspan) của bảng chồng lên nhau")
            return []
        if not _same_width(header, [*rows, *((total,) if total else ())]):
            self.err(tkey, "các dòng của bảng không cùng số cột")
        for text in _hidden_under_merges([*header, *rows, *((total,) if total else ())]):
            self.err(
                tkey, f"ô '{text}' nằm dưới một ô gộp dòng (rowspan) nên không được in; để trống \"\" hoặc bỏ ô đó"
            )
        if not rows and not header and len(self.errors) == errors_before:  # not for a table of empty rows
            self.err(tkey, "bảng cần header và rows")
        columns = max((sum(c.colspan for c in row) for row in (*header, *rows)), default=0)
        widths = self.column_widths(spec.get("widths"), (*tkey, "widths"), columns)
        return [Table(tuple(header), tuple(rows), total, self.src.line(*key), tuple(bold_rows), widths)]

    def column_widths(self, raw: Any, key: Key, columns: int) -> tuple[float, ...] | None:
        """`widths: [1, 4, 3]`: one relative width per column."""
        if raw is None:
            return None
        numbers = raw if isinstance(raw, list) else []
        if not numbers or any(
            isinstance(w, bool) or not isinstance(w, (int, float)) or not 0 < w < _WIDEST for w in numbers
        ):
            self.err(key, "widths phải là danh sách số dương, mỗi cột một số (độ rộng tương đối, ví dụ [1, 4, 3])")
            return None
        if len(numbers) != columns:
            self.err(key, f"widths có {len(numbers)} số nhưng bảng có {columns} cột")
            return None
        return tuple(float(w) for w in numbers)

    def cell_rows(self, raw: Any, key: Key, bold_rows: list[int] | None = None) -> list[tuple[Cell, ...]]:
        if not isinstance(raw, list):
            self.err(key, "ở đây cần danh sách các dòng, mỗi dòng là [ô, ô, …]")
            return []
        out: list[tuple[Cell, ...]] = []
        for r, row in enumerate(raw):
            row_key: Key = (*key, r)
            bold = False
            if bold_rows is not None and isinstance(row, dict):  # {bold: true, cells: […]}
                self.mapping(row, row_key, BOLD_ROW)
                bold = row.get("bold", False)
                if not isinstance(bold, bool):
                    self.err((*row_key, "bold"), "bold phải là true hoặc false")
                    bold = False
                row_key, row = (*row_key, "cells"), row.get("cells")
            if not isinstance(row, list):
                self.err(row_key, "mỗi dòng của bảng phải là [ô, ô, …] (dòng in đậm: {bold: true, cells: [ô, ô, …]})")
                continue
            if not row:
                where = "total" if key[-1] == "total" else f"dòng {r + 1} của {key[-1]}"
                self.err(row_key, f"bảng: {where} không có ô nào ([]); hãy viết các ô [ô, ô, …] hoặc xóa dòng đó")
                continue
            if bold and bold_rows is not None:
                bold_rows.append(len(out))
            out.append(tuple(self.cell(cell, (*row_key, c)) for c, cell in enumerate(row)))
        return out

    def cell(self, raw: Any, key: Key) -> Cell:
        if isinstance(raw, dict):
            self.mapping(raw, key, CELL)
            spans = []
            for name in ("colspan", "rowspan"):
                span = raw.get(name, 1)
                if isinstance(span, bool) or not isinstance(span, int) or not 1 <= span <= MAX_SPAN:
                    self.err((*key, name), f"{name} phải là số nguyên từ 1 đến {MAX_SPAN}")
                    span = 1
                spans.append(span)
            return Cell(self.cell_text(raw.get("text"), (*key, "text")), spans[0], spans[1])
        return Cell(self.cell_text(raw, key))

    def cell_text(self, value: Any, key: Key) -> str:
        if isinstance(value, (dict, list)):
            self.err(key, "ô của bảng phải là một đoạn văn bản")
            return ""
        return "" if value is None else self.typed(value, key)


def _same_width(header: Sequence[tuple[Cell, ...]], body: Sequence[tuple[Cell, ...]]) -> bool:
    """Whether every body row fills the table: its own cells, or with those merged down from above
    left out (a shorter row, as HTML writes it)."""
    everything = [*header, *body]
    widths = [sum(c.colspan for c in row) for row in everything]
    columns = max(widths, default=0)
    from_above = [0] * (len(everything) + 1)  # columns covered by cells spanning down into row i
    for index, row in enumerate(everything):
        for cell in row:
            for below in range(index + 1, min(index + cell.rowspan, len(everything))):
                from_above[below] += cell.colspan
    body_widths = {widths[i] for i in range(len(header), len(everything))}
    if len(body_widths) <= 1:
        return True
    return all(widths[i] in (columns, columns - from_above[i]) for i in range(len(header), len(everything)))


def _hidden_under_merges(rows: Sequence[tuple[Cell, ...]]) -> list[str]:
    """Texts typed in a full-width row where a cell from above spans down (they would be lost)."""
    columns = max((sum(c.colspan for c in row) for row in rows), default=0)
    covered: dict[int, int] = {}  # column -> last row index a merge from above covers it
    hidden = []
    for index, row in enumerate(rows):
        if sum(c.colspan for c in row) >= columns:
            column = 0
            for cell in row:
                if covered.get(column, -1) >= index and cell.text.strip():
                    hidden.append(cell.text)
                if cell.rowspan > 1 and covered.get(column, -1) < index:
                    for c in range(column, column + cell.colspan):
                        covered[c] = index + cell.rowspan - 1
                column += cell.colspan
    return hidden
