"""Commands of a reporting cycle on report files: init (new, or from last period), import (a filled Phụ lục), diff."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from ..core.atomic import write_text_atomic
from ..core.errors import CchcError, InputError, error_at
from ..forms import load_form
from ..report.analysis import analyze
from ..report.period import ACCEPTED_CODES, Period
from .main import INPUT_FILE, forms_dir_option, main, output_option


@main.command()
@click.option("--period", "period_code", required=True, metavar="KỲ", help=f"Kỳ báo cáo: {ACCEPTED_CODES}.")
@click.option("--form", "form_id", metavar="MÃ", help="Mã biểu mẫu phụ lục (xem: cchc-docgen forms).")
@click.option(
    "--from",
    "previous",
    metavar="TỆP",
    type=INPUT_FILE,
    help="Tệp báo cáo kỳ trước: giữ mọi thứ (lời văn, bảng, người ký, nơi nhận, ghi chú), xóa số liệu.",
)
@output_option("Tệp YAML cần tạo.", required=True)
@click.option(
    "--co-quan",
    "body",
    type=click.Choice(["so", "xa", "tinh"]),
    default="so",
    show_default=True,
    help="Loại cơ quan: so (sở, ban, ngành), xa (UBND xã, phường, đặc khu), tinh (UBND tỉnh); điền sẵn"
    " tiêu đề, người ký, Kính gửi, Nơi nhận theo loại đó.",
)
@click.option("--force", is_flag=True, help="Ghi đè nếu tệp đã có.")
@forms_dir_option
def init(
    period_code: str,
    form_id: str | None,
    body: str,
    previous: Path | None,
    output: Path,
    force: bool,
    forms_dirs: Sequence[Path],
) -> None:
    """Tạo tệp báo cáo mới: có phụ lục theo biểu mẫu (--form) hoặc không có phụ lục, hoặc từ báo cáo kỳ trước (--from).

    Với --from: giữ lời văn, bảng, chú thích cuối trang, người ký, Kính gửi, Nơi nhận, ghi chú và
    mọi dòng chú thích (#) của kỳ trước; xóa số liệu, số và ngày văn bản (thành dự thảo).
    """
    try:
        period = Period.parse(period_code)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--period") from None
    if output.exists() and not force:
        raise CchcError(f"{output}: tệp đã có; dùng --force để ghi đè")
    from ..cycle.skeleton import Body, make_skeleton
    from ..report.schema import form_id_of, schema_file_name, schema_text, with_schema_comment

    if previous is not None:
        from ..cycle.carry_over import carry_over  # ruamel.yaml: only for this command

        if previous.suffix.lower() in (".docx", ".doc", ".docm"):
            previous = _last_period_from_word(previous, output, forms_dirs, form_id)
        carried = carry_over(previous, period, output, form_id)
        text, notices = carried.text, carried.notices
    else:
        text, notices = make_skeleton(period, form_id, forms_dirs, Body(body)), []
    # The schema beside the report lets VS Code complete and explain fields, offline.
    schema_form = form_id_of(text)
    schema_path = output.parent / schema_file_name(schema_form)
    text = with_schema_comment(text, schema_path.name)
    write_text_atomic(schema_path, schema_text(load_form(schema_form, forms_dirs) if schema_form else None))
    write_text_atomic(output, text)
    for notice in notices:
        click.echo(f"{output}: cảnh báo: {notice}", err=True)
    click.echo(str(output))


def _last_period_from_word(docx: Path, output: Path, forms_dirs: Sequence[Path], form_id: str | None) -> Path:
    """`init --from LAST.docx`: last period's Word report read into a report file beside the new one
    (its period's name, e.g. 2025-q1.yaml), which the new file then names as `previous`."""
    from ..intake.word_import import import_word

    imported = import_word(docx, forms_dirs, form_id)
    target = output.parent / f"{Period.parse(imported.period).slug}.yaml"
    if target.exists():
        raise CchcError(
            f"{target}: tệp báo cáo kỳ trước đã có; dùng nó: cchc-docgen init --from {target} (không cần tệp Word)"
        )
    write_text_atomic(target, imported.text)
    for warning in imported.warnings:
        click.echo(warning, err=True)
    click.echo(f"Đã đọc {docx.name} vào {target} (báo cáo kỳ trước).")
    return target


@main.command("import")
@click.argument("source", metavar="TỆP_NGUỒN", type=INPUT_FILE)
@click.argument("report", metavar="BÁO_CÁO.yaml", type=INPUT_FILE)
@click.option(
    "--form", "form_id", metavar="MÃ", help="Mã biểu mẫu của Phụ lục trong tệp Word (mặc định: đoán theo tên chỉ tiêu)."
)
@click.option("--period", "period_code", metavar="KỲ", help=f"Kỳ báo cáo khi trích yếu không ghi rõ: {ACCEPTED_CODES}.")
@click.option(
    "--phu-luc",
    "appendix_file",
    metavar="TỆP",
    type=INPUT_FILE,
    help="Phụ lục ở tệp riêng (.docx hoặc .xlsx) khi tệp Word báo cáo không kèm Phụ lục.",
)
@forms_dir_option
def import_command(
    source: Path,
    report: Path,
    form_id: str | None,
    period_code: str | None,
    appendix_file: Path | None,
    forms_dirs: Sequence[Path],
) -> None:
    """Đọc tệp Word hoặc Excel vào tệp báo cáo YAML.

    \b
    - BÁO_CÁO.docx (hoặc .doc) khi tệp YAML chưa có: tạo tệp báo cáo mới từ báo cáo Word
      (phần đầu, trích yếu, Kính gửi, lời văn, bảng, chú thích, chữ ký, Nơi nhận, Phụ lục).
    - BÁO_CÁO.docx khi tệp YAML đã có: đưa những chỗ đã sửa trong Word về tệp YAML
      (giữ chú thích và bố cục); số lấy từ Phụ lục thì không sửa ở đây.
    - PHỤ_LỤC.xlsx: lấy số liệu và ghi chú của bảng Phụ lục đã điền/sửa vào tệp YAML.

    In từng thay đổi; tệp có lỗi thì báo chỗ lỗi và không ghi gì.
    """
    if period_code is not None:
        try:
            period_code = Period.parse(period_code).code
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--period") from None
    if source.suffix.lower() in (".yaml", ".yml"):
        raise InputError(
            error_at(
                source,
                None,
                "đây là tệp báo cáo YAML; lệnh import đọc báo cáo Word (.docx, .doc) hoặc Phụ lục Excel (.xlsx) vào"
                " tệp YAML (cchc-docgen import BÁO-CÁO.docx BÁO-CÁO.yaml); bắt đầu kỳ mới từ tệp YAML kỳ trước thì"
                " dùng: cchc-docgen init --from KỲ-TRƯỚC.yaml --period KỲ -o TỆP-MỚI.yaml",
            )
        )
    if source.suffix.lower() in (".xlsx", ".xlsm"):
        _import_xlsx(source, report, forms_dirs)
    elif report.exists():
        _write_back(source, report, forms_dirs)
    else:
        _import_new(source, report, forms_dirs, form_id, period_code, appendix_file)


def _import_xlsx(xlsx: Path, report: Path, forms_dirs: Sequence[Path]) -> None:
    from ..cycle.xlsx_import import import_appendix  # openpyxl, ruamel.yaml: only for this command

    changes = import_appendix(xlsx, report, forms_dirs)
    for change in changes:
        for line in change.lines():
            click.echo(line)
    if changes:
        click.echo(f"Đã ghi {len(changes)} chỉ tiêu thay đổi vào {report}.")
    else:
        click.echo(f"Không có số liệu hay ghi chú nào thay đổi; {report} giữ nguyên.")
    _print_errors(report, forms_dirs)


def _write_back(docx: Path, report: Path, forms_dirs: Sequence[Path]) -> None:
    from ..intake.write_back import write_back

    changes = write_back(docx, report, forms_dirs, warn=lambda d: click.echo(str(d), err=True))
    for change in changes:
        for line in change.lines():
            click.echo(line)
    if changes:
        click.echo(f"Đã ghi {len(changes)} chỗ sửa từ {docx.name} vào {report}.")
    else:
        click.echo(f"Tệp Word không có chỗ nào khác tệp báo cáo; {report} giữ nguyên.")
    _exit_on_errors(report, forms_dirs)


def _import_new(
    source: Path,
    report: Path,
    forms_dirs: Sequence[Path],
    form_id: str | None,
    period_code: str | None,
    appendix_file: Path | None,
) -> None:
    from ..intake.word_import import import_word
    from ..report.schema import form_id_of, schema_file_name, schema_text, with_schema_comment

    imported = import_word(source, forms_dirs, form_id, period_code, appendix_file)
    schema_form = form_id_of(imported.text)
    schema_path = report.parent / schema_file_name(schema_form)
    write_text_atomic(schema_path, schema_text(load_form(schema_form, forms_dirs) if schema_form else None))
    write_text_atomic(report, with_schema_comment(imported.text, schema_path.name))
    for warning in imported.warnings:
        click.echo(warning, err=True)
    if imported.candidates:
        click.echo(f"Số trong lời văn trùng số liệu Phụ lục ({len(imported.candidates)}), có thể thay bằng tham chiếu:")
        for candidate in imported.candidates:
            click.echo(f"  {candidate}")
    click.echo(f"Đã tạo {report} từ {source.name}.")
    _exit_on_errors(report, forms_dirs)


def _print_errors(report: Path, forms_dirs: Sequence[Path]) -> bool:
    """Print the errors `check` finds in `report`; whether there is one."""
    errors = [d for d in analyze(report, forms_dirs).diagnostics if d.is_error]
    for diagnostic in errors:
        click.echo(str(diagnostic), err=True)
    return bool(errors)


def _exit_on_errors(report: Path, forms_dirs: Sequence[Path]) -> None:
    """A report file written from a Word document that `check` refuses: said, and exit 1 (the file is
    kept for the fields the document did not give to be filled in)."""
    if _print_errors(report, forms_dirs):
        click.echo(f"{report}: tệp đã ghi nhưng còn lỗi như trên; sửa rồi chạy cchc-docgen check {report}", err=True)
        raise click.exceptions.Exit(1)


@main.command("diff")
@click.argument("old", metavar="TỆP_CŨ", type=INPUT_FILE)
@click.argument("new", metavar="TỆP_MỚI", type=INPUT_FILE)
@forms_dir_option
def diff_command(old: Path, new: Path, forms_dirs: Sequence[Path]) -> None:
    """So sánh hai bản của một báo cáo: chỉ tiêu, đoạn văn, thông tin văn bản đã thay đổi.

    Chữ bị bỏ in trong [-…-], chữ thêm vào in trong {+…+}; số in như trong văn bản.
    """
    from ..cycle.diff import diff_files

    for line in diff_files(old, new, forms_dirs):
        click.echo(line)
