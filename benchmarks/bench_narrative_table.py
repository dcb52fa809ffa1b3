"""Benchmark: building a BÁO CÁO whose narrative holds one 6-column table of 200 and of 400 rows.

Prints numbers; asserts nothing. The time per row should stay about the same from 200 to 400 rows
(linear); with a per-cell lookup of the whole grid it grew with the square of the rows.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from cchc_docgen import load_checked
from cchc_docgen.render.bao_cao import default_template, render_bao_cao_docx

HEAD = """\
agency: {name: "SỞ NỘI VỤ", full_name: "Sở Nội vụ tỉnh Sóc Trăng", place: "Sóc Trăng"}
period: 2023-Q2
document: {symbol: BC-SNV, draft: true}
signature: {authority: "GIÁM ĐỐC"}
appendix: {form: soctrang-so-nganh, values: {}}
narrative:
  - title: "Danh sách"
    content:
      - table:
          header:
            - [{text: "STT", rowspan: 2}, {text: "Đơn vị", rowspan: 2}, {text: "Hồ sơ", colspan: 3}, "Ghi chú"]
            - ["", "", "Tiếp nhận", "Giải quyết", "Quá hạn", ""]
          rows:
"""


def report(folder: Path, rows: int) -> Path:
    """A report with one table of `rows` body rows, a merged cell every tenth row."""
    lines = [HEAD]
    for i in range(1, rows + 1):
        if i % 10 == 1 and i + 1 <= rows:
            lines.append(
                f'            - ["{i}", {{text: "Phòng {i}", rowspan: 2}}, "{i}", "{i}", "0", "ghi chú {i}"]\n'
            )
        elif i % 10 == 2:
            lines.append(f'            - ["{i}", "", "{i}", "{i}", "0", "0913 983 {i:03d}"]\n')
        else:
            lines.append(f'            - ["{i}", "Phòng {i}", "{i}", "{i}", "0", "nva{i}@soctrang.gov.vn"]\n')
    source = folder / f"bang-{rows}.yaml"
    source.write_text("".join(lines), encoding="utf-8")
    return source


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results = {}
        for rows in (200, 400):
            checked = load_checked(report(folder, rows))
            start = time.perf_counter()
            render_bao_cao_docx(checked, folder / f"bang-{rows}.docx", default_template())
            results[rows] = time.perf_counter() - start
            print(f"{rows} hàng: {results[rows] * 1000:.0f} ms ({results[rows] / rows * 1000:.2f} ms/hàng)")
        print(f"400 / 200 hàng: {results[400] / results[200]:.2f} lần")
    return 0


if __name__ == "__main__":
    sys.exit(main())
