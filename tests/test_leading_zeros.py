"""Values as printed survive the quarter: counts printed "04", "09" keep their leading zero through
`init --from` (the report's choice carries over) and `import` (what the clerk typed is kept)."""

from __future__ import annotations

from pathlib import Path

import yaml
from docx import Document
from openpyxl import load_workbook

from .conftest import EXAMPLES, run_cli
from .test_import import built_xlsx, rows_by_id


def test_leading_zeros_survive_init_from_import_and_build(tmp_path: Path) -> None:
    next_quarter = tmp_path / "2022-q4.yaml"
    result = run_cli("init", "--from", EXAMPLES["004"], "--period", "2022-Q4", "-o", next_quarter)
    assert result.exit_code == 0, result.output
    text = next_quarter.read_text(encoding="utf-8")
    appendix = yaml.safe_load(text)["appendix"]
    assert appendix["leading_zero"] is True  # last quarter printed "04", "09": so does this one
    assert "  leading_zero: true   # kỳ trước in số đếm dưới 10 có số 0 ở đầu (04, 09): giữ như vậy" in text
    sheet_file = built_xlsx(next_quarter, tmp_path / "blank")
    workbook = load_workbook(sheet_file)
    sheet = workbook.worksheets[0]
    rows = rows_by_id(sheet)
    sheet.cell(rows["I.2.phong_ban"], 4).value = "04"  # typed as text
    sheet.cell(rows["I.4.dung_han"], 4).value = 9  # a number in a cell formatted to show "09"
    sheet.cell(rows["I.4.dung_han"], 4).number_format = "00"
    sheet.cell(rows["I.4.duoc_giao"], 4).value = 10
    filled = tmp_path / "filled.xlsx"
    workbook.save(filled)
    result = run_cli("import", filled, next_quarter)
    assert result.exit_code == 0, result.output
    values = yaml.safe_load(next_quarter.read_text(encoding="utf-8"))["appendix"]["values"]
    assert values["I.2.phong_ban"] == "04"
    assert values["I.4.dung_han"] == "09"
    assert values["I.4.duoc_giao"] == 10
    out = tmp_path / "out"
    result = run_cli("appendix", next_quarter, "--format", "docx", "-o", out)
    assert result.exit_code == 0, result.output
    table = Document(str(next(out.glob("*.docx")))).tables[-1]
    printed = {row.cells[1].text.strip(): row.cells[3].text.strip() for row in table.rows}
    assert "09" in printed.values() and "04" in printed.values()
    assert "9" not in printed.values() and "4" not in printed.values()
