"""Commands that read reports and forms and write no report document: check, forms (and forms import), schema."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from ..core.atomic import write_text_atomic
from ..core.errors import Severity
from ..forms import available_forms, describe_versions, load_form, load_form_file
from ..pipeline.batch import check_reports
from .main import (
    FILES_METAVAR,
    INPUT_FILE,
    OPTIONS_METAVAR,
    debug_option,
    forms_dir_option,
    jobs_option,
    main,
    output_option,
)


@main.command()
@click.argument("files", nargs=-1, required=True, metavar=FILES_METAVAR, type=INPUT_FILE)
@jobs_option
@forms_dir_option
def check(files: Sequence[Path], jobs: int | None, forms_dirs: Sequence[Path]) -> None:
    """Kiểm tra tệp báo cáo: cú pháp, chỉ tiêu, số liệu, tham chiếu.

    In mọi lỗi và cảnh báo dạng TỆP:DÒNG: lỗi|cảnh báo: nội dung. Thoát với mã 1 nếu có lỗi.
    """
    errors = warnings = 0
    for diagnostics in check_reports(files, forms_dirs, jobs):
        for diagnostic in diagnostics:
            click.echo(str(diagnostic))
            if diagnostic.severity is Severity.ERROR:
                errors += 1
            else:
                warnings += 1
    click.echo(f"Đã kiểm tra {len(files)} tệp: {errors} lỗi, {warnings} cảnh báo.")
    if errors:
        sys.exit(1)


class _CommandGroup(click.Group):
    """A command that also has subcommands (`forms`, `forms import`): Vietnamese usage, --debug after its name."""

    command_class = type(main).command_class

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", "[LỆNH] [THAM_SỐ]...")
        super().__init__(*args, **kwargs)
        self.params.append(debug_option())


@main.group(cls=_CommandGroup, invoke_without_command=True)
@forms_dir_option
@click.pass_context
def forms(ctx: click.Context, forms_dirs: Sequence[Path]) -> None:
    """Liệt kê các biểu mẫu phụ lục có sẵn; 'forms import' đọc biểu mẫu trống của tỉnh thành tệp biểu mẫu."""
    if ctx.invoked_subcommand is not None:
        return
    for form_id, path in sorted(available_forms(forms_dirs).items()):
        form = load_form_file(path)
        versions = describe_versions(form)
        until = f"; áp dụng đến hết {form.until:%d/%m/%Y}" if form.until else ""
        click.echo(
            f"{form_id}\t{form.name} ({len(form.rows)} dòng)" + (f"; phiên bản: {versions}" if versions else "") + until
        )


@forms.command("import")
@click.argument("source", metavar="TỆP", type=INPUT_FILE)
@output_option("Tệp biểu mẫu (.yaml) cần ghi, ví dụ bieu-mau-tinh.yaml.", required=True)
@click.option("--force", is_flag=True, help="Ghi đè tệp biểu mẫu đã có.")
def forms_import(source: Path, output: Path, force: bool) -> None:
    """Đọc biểu mẫu trống (bảng Word .docx/.doc hoặc Excel .xlsx) thành tệp biểu mẫu .yaml.

    Số thứ tự, chỉ tiêu, đơn vị tính, mã (Có = 1; Không = 0) và tiêu đề cột giữ như bảng gốc; tổng,
    tỷ lệ và giới hạn giữa các dòng ghi thành dòng '# gợi ý:' để người dùng xem lại.
    """
    from ..intake.form_import import import_form

    imported = import_form(source, output, force)
    for note in imported.notes:
        click.echo(f"{source}: cảnh báo: {note}", err=True)
    click.echo(str(imported.target))
    click.echo(
        f"Đã đọc {imported.rows} dòng; {imported.suggestions} gợi ý (tổng, tỷ lệ, giới hạn) cần xem lại trong tệp."
    )


@main.command("schema")
@click.option(
    "--form",
    "form_id",
    metavar="MÃ",
    help="Mã biểu mẫu phụ lục (xem: cchc-docgen forms); bỏ qua cho báo cáo không có phụ lục.",
)
@output_option("Tệp JSON cần ghi (mặc định: in ra màn hình).")
@forms_dir_option
def schema_command(form_id: str | None, output: Path | None, forms_dirs: Sequence[Path]) -> None:
    """Ghi JSON Schema của tệp báo cáo theo một biểu mẫu, để VS Code gợi ý và giải thích từng trường.

    Dòng đầu tệp báo cáo "# yaml-language-server: $schema=TÊN_TỆP.schema.json" (init tự thêm) chỉ tới tệp này.
    """
    from ..report.schema import schema_text

    text = schema_text(load_form(form_id, forms_dirs) if form_id else None)
    if output is None:
        click.echo(text, nl=False)
        return
    write_text_atomic(output, text)
    click.echo(str(output))
