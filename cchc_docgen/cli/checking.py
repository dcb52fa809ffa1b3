"""Commands that read reports and forms and write no document: check, forms, schema."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from ..core.atomic import write_text_atomic
from ..core.errors import Severity
from ..forms import available_forms, describe_versions, load_form, load_form_file
from ..pipeline.batch import check_reports
from .main import FILES_METAVAR, forms_dir_option, jobs_option, main, output_option


@main.command()
@click.argument("files", nargs=-1, required=True, metavar=FILES_METAVAR, type=click.Path(path_type=Path))
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


@main.command()
@forms_dir_option
def forms(forms_dirs: Sequence[Path]) -> None:
    """Liệt kê các biểu mẫu phụ lục có sẵn."""
    for form_id, path in sorted(available_forms(forms_dirs).items()):
        form = load_form_file(path)
        versions = describe_versions(form)
        click.echo(f"{form_id}\t{form.name} ({len(form.rows)} dòng)" + (f"; phiên bản: {versions}" if versions else ""))


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
