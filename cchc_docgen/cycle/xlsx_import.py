"""`import`: values and notes of a Phụ lục sheet filled in Excel, written back into the report file.

The sheet is the one `build`/`appendix` writes (its layout: `render/phu_luc_sheet.py`): value in
column D, note in E, the indicator id in the hidden column F under the header `ID_HEADER`. Everything is
checked before anything is written; a problem names the sheet cell (`PHU-LUC.xlsx:Sheet!D42`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..core.atomic import write_text_atomic
from ..core.errors import InputError, cap_similar, error_at
from ..core.roundtrip_yaml import dump_roundtrip, load_roundtrip, newline_of
from ..core.text_file import MAX_FILE_BYTES
from ..report.analysis import analyze
from ..report.derived import derived_value, same
from .xlsx_sheet import Reader, Sheet, check_ids, check_period, typed_with_leading_zero
from .yaml_values import Change, apply_changes

__all__ = ["import_appendix"]


def import_appendix(xlsx: Path, report_path: Path, forms_dirs: Sequence[Path] = ()) -> list[Change]:
    """Read the filled sheet `xlsx` into `report_path` (values and notes); return what changed.

    Raise InputError with every problem, each at its cell, before anything is written.
    """
    analysis = analyze(report_path, forms_dirs)
    if analysis.report is None or analysis.form is None:
        raise InputError([d for d in analysis.diagnostics if d.is_error])
    report, form = analysis.report, analysis.form
    if report.appendix is None:
        raise InputError(
            error_at(report_path, None, "báo cáo không có phần appendix (phụ lục) nên không có chỗ nhập bảng số liệu")
        )
    appendix = report.appendix
    sheet = Sheet(xlsx)
    rows, errors = sheet.rows()
    errors += check_ids(sheet, rows, form, forms_dirs)
    if errors:
        raise InputError(cap_similar(errors, xlsx))
    check_period(sheet, appendix.title or form.title, report.period.name, report_path)
    reader = Reader(sheet)
    read = {}
    padded: dict[str, bool] = {}
    for r in rows:
        row = form.by_id[r.row_id]
        read[r.row_id] = (row, reader.value(row, r.value), reader.note(row, r.note))
        padded[r.row_id] = typed_with_leading_zero(r.value)
    if reader.errors:
        raise InputError(cap_similar(reader.errors, xlsx))
    old_typed = {row_id: rv.typed for row_id, rv in analysis.values.items()}
    new_typed = dict(old_typed)
    for row_id, (_row, value, _note) in read.items():
        shown = analysis.values[row_id].value  # what build printed in the cell
        if not same(value, shown):
            new_typed[row_id] = value
    changes = []
    for row_id, (row, _value, note) in read.items():
        if (
            row.derive is not None
            and old_typed[row_id] is None
            and same(new_typed[row_id], derived_value(row, new_typed))
        ):
            new_typed[row_id] = None  # the clerk wrote what the form computes anyway: keep it computed
        entry = appendix.values.get(row_id)
        old_note = entry.note.strip() if entry and entry.note and entry.note.strip() else None
        if not same(old_typed[row_id], new_typed[row_id]) or old_note != note:
            changes.append(Change(row, old_typed[row_id], new_typed[row_id], old_note, note, padded[row_id]))
    if changes:
        data = load_roundtrip(report_path)
        apply_changes(data, form, changes)
        text = dump_roundtrip(data, newline_of(report_path))
        size = len(text.encode("utf-8"))
        if size > MAX_FILE_BYTES:  # `check` would refuse the file
            raise InputError(
                error_at(
                    xlsx,
                    None,
                    f"các ghi chú của bảng làm tệp báo cáo {report_path} dài {size // 1024} KB; giới hạn của tệp báo"
                    f" cáo là {MAX_FILE_BYTES // 1024} KB. Hãy rút gọn ghi chú",
                )
            )
        write_text_atomic(report_path, text)
    return changes
