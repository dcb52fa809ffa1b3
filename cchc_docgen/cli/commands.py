"""The `cchc-docgen` command line: parses arguments, calls the library, prints results."""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from ..core.atomic import write_text_atomic
from ..core.errors import CchcError, Diagnostic, InputError, Severity, error_at
from ..core.file_names import COMPILATION_FOLDER, OUTPUT_ROOT
from ..core.version import __version__
from ..forms import available_forms, describe_versions, load_form, load_form_file
from ..pipeline.batch import check_reports
from ..pipeline.build import BuildOptions, build
from ..report.analysis import CheckedReport, analyze
from ..report.period import ACCEPTED_CODES, Period
from . import click_vi as _click_vi
from .console import make_streams_safe

F = TypeVar("F", bound=Callable[..., Any])


def forms_dir_option(func: F) -> F:
    """The shared --forms-dir option."""
    return click.option(
        "--forms-dir",
        "forms_dirs",
        multiple=True,
        metavar="THƯ_MỤC",
        type=click.Path(file_okay=False, path_type=Path),
        help="Thư mục chứa thêm biểu mẫu phụ lục (*.yaml); có thể dùng nhiều lần.",
    )(func)


_click_vi.install()

#: How each command names its options and arguments in the usage line.
OPTIONS_METAVAR = "[TÙY_CHỌN]"
FILES_METAVAR = "TỆP..."


def _set_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(dict)["debug"] = True


def _debug_option() -> click.Option:
    return click.Option(
        ["--debug"],
        is_flag=True,
        expose_value=False,
        callback=_set_debug,
        help="In chi tiết lỗi (traceback) để báo lỗi cho nhà phát triển.",
    )


class _Command(click.Command):
    """A command with a Vietnamese usage line that also accepts --debug after its name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)
        self.params.append(_debug_option())


def jobs_option(func: F) -> F:
    """The shared -j/--jobs option."""
    return click.option(
        "-j",
        "--jobs",
        metavar="SỐ",
        type=click.IntRange(min=1),
        help="Số báo cáo được xử lý song song (mặc định: số lõi CPU của máy).",
    )(func)


class _Group(click.Group):
    """The root command: safe console output, and every CchcError as Vietnamese messages and exit code 1."""

    command_class = _Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", "LỆNH [THAM_SỐ]...")
        super().__init__(*args, **kwargs)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        make_streams_safe()
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CchcError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                _print_traceback()
            for diagnostic in exc.diagnostics:
                click.echo(str(diagnostic), err=True)
            ctx.exit(1)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:  # a fault of the program, not of the user's files: still no traceback
            if ctx.obj and ctx.obj.get("debug"):
                _print_traceback()
            click.echo(
                f"lỗi: lỗi bên trong chương trình ({type(exc).__name__}: {exc}); đây không phải lỗi của tệp"
                " báo cáo. Hãy chạy lại lệnh với --debug và gửi toàn bộ nội dung in ra cho người phát triển.",
                err=True,
            )
            ctx.exit(3)
        finally:
            _print_repair_notices()


def _print_repair_notices() -> None:
    """Journals of earlier runs that output repair refused to act on (one line each)."""
    from ..core.journal import take_notices

    for notice in take_notices():
        click.echo(str(notice), err=True)


def _print_traceback() -> None:
    import traceback  # only with --debug

    traceback.print_exc()


@click.group("cchc-docgen", cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", message="cchc-docgen %(version)s", help="Hiện phiên bản rồi thoát.")
@click.option("--debug", is_flag=True, help="In chi tiết lỗi (traceback) để báo lỗi cho nhà phát triển.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Tạo báo cáo cải cách hành chính (BÁO CÁO và Phụ lục) từ tệp YAML."""
    ctx.ensure_object(dict)["debug"] = debug


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


@main.command()
@click.option("--period", "period_code", required=True, metavar="KỲ", help=f"Kỳ báo cáo: {ACCEPTED_CODES}.")
@click.option("--form", "form_id", metavar="MÃ", help="Mã biểu mẫu phụ lục (xem: cchc-docgen forms).")
@click.option(
    "--from",
    "previous",
    metavar="TỆP",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tệp báo cáo kỳ trước: giữ mọi thứ (lời văn, bảng, người ký, nơi nhận, ghi chú), xóa số liệu.",
)
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="TỆP",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tệp YAML cần tạo.",
)
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


def _print_written(written: Sequence[Path], warnings: Sequence[Diagnostic]) -> None:
    for warning in warnings:
        click.echo(str(warning), err=True)
    for path in written:
        click.echo(str(path))


_OUT_HELP = f"Thư mục ghi kết quả (mặc định: {OUTPUT_ROOT}/<cơ-quan>/<kỳ>/)."
#: The environment variable giving --pdf-timeout when the option is not on the command line.
PDF_TIMEOUT_ENV = "CCHC_DOCGEN_PDF_TIMEOUT"


def _pdf_timeout(value: str | None) -> float | None:
    """--pdf-timeout (or its environment variable) in seconds; refused, naming where it was given,
    unless a number above 0."""
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds > 0):
        source = click.get_current_context().get_parameter_source("pdf_timeout")
        where = PDF_TIMEOUT_ENV if source is click.core.ParameterSource.ENVIRONMENT else "--pdf-timeout"
        message = f"thời gian chờ LibreOffice '{value}' không hợp lệ; hãy ghi số giây lớn hơn 0, ví dụ 600"
        raise InputError(error_at(where, None, message))
    return seconds


def _show_progress(done: int, total: int, checked: CheckedReport) -> None:
    """Progress of a batch on stderr: a bar on a terminal, else one line per report."""
    if total < 2:
        return
    if sys.stderr.isatty():
        filled = 30 * done // total
        bar = "#" * filled + "-" * (30 - filled)
        click.echo(f"\r[{bar}] {done}/{total} báo cáo", nl=done == total, err=True)
        return
    report = checked.report
    click.echo(f"[{done}/{total}] đã tạo: {report.agency.full_name} – {report.period.name}", err=True)


@main.command("build")
@click.argument("files", nargs=-1, required=True, metavar=FILES_METAVAR, type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", "out_dir", metavar="THƯ_MỤC", type=click.Path(file_okay=False, path_type=Path), help=_OUT_HELP
)
@click.option("--pdf", is_flag=True, help="Tạo thêm bản PDF của BÁO CÁO và Phụ lục (cần LibreOffice).")
@click.option(
    "--pdf-timeout",
    metavar="GIÂY",
    envvar=PDF_TIMEOUT_ENV,
    show_envvar=True,
    help="Với --pdf: LibreOffice quá số giây này mà chưa xong thêm văn bản nào thì bị coi là treo và bị"
    " dừng (mặc định: 180; tăng lên cho văn bản rất dài hoặc máy chậm).",
)
@click.option(
    "--template",
    metavar="TỆP",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tệp mẫu Word (.docx) tự soạn thay cho mẫu có sẵn.",
)
@jobs_option
@forms_dir_option
def build_command(
    files: Sequence[Path],
    out_dir: Path | None,
    pdf: bool,
    pdf_timeout: str | None,
    template: Path | None,
    jobs: int | None,
    forms_dirs: Sequence[Path],
) -> None:
    """Kiểm tra rồi tạo BÁO CÁO (.docx), Phụ lục (.docx, .xlsx) và PDF nếu cần.

    Có lỗi ở bất kỳ tệp nào thì không tạo gì và giữ nguyên các tệp đã có.
    """
    options = BuildOptions(
        out_dir=out_dir,
        pdf=pdf,
        template=template,
        forms_dirs=tuple(forms_dirs),
        pdf_timeout=_pdf_timeout(pdf_timeout),
        jobs=jobs,
    )
    _print_written(*build(files, options, _show_progress))


@main.command("appendix")
@click.argument("files", nargs=-1, required=True, metavar=FILES_METAVAR, type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", "out_dir", metavar="THƯ_MỤC", type=click.Path(file_okay=False, path_type=Path), help=_OUT_HELP
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["docx", "xlsx", "all"]),
    default="all",
    show_default=True,
    help="Định dạng Phụ lục cần tạo.",
)
@jobs_option
@forms_dir_option
def appendix_command(
    files: Sequence[Path], out_dir: Path | None, fmt: str, jobs: int | None, forms_dirs: Sequence[Path]
) -> None:
    """Chỉ tạo Phụ lục số liệu (.docx và/hoặc .xlsx), không tạo BÁO CÁO."""
    options = BuildOptions(
        out_dir=out_dir,
        bao_cao=False,
        appendix_docx=fmt in ("docx", "all"),
        appendix_xlsx=fmt in ("xlsx", "all"),
        forms_dirs=tuple(forms_dirs),
        jobs=jobs,
    )
    _print_written(*build(files, options, _show_progress))


@main.command("aggregate")
@click.argument("files", nargs=-1, required=True, metavar=FILES_METAVAR, type=click.Path(path_type=Path))
@click.option(
    "--expect",
    metavar="TỆP",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tệp YAML danh sách các cơ quan phải báo cáo; cơ quan không có tệp được ghi 'chưa nộp'.",
)
@click.option(
    "--previous",
    multiple=True,
    metavar="TỆP",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tệp báo cáo kỳ trước (YAML hoặc Phụ lục XLSX) để cảnh báo số liệu giống hệt; dùng nhiều lần được.",
)
@click.option("--strict", is_flag=True, help="Một tệp có lỗi thì dừng, không tạo gì.")
@click.option("--province", metavar="TÊN", help='Tên tỉnh in trong tiêu đề Phụ lục tổng hợp, ví dụ "tỉnh Sóc Trăng".')
@click.option(
    "-o",
    "--output",
    "out_dir",
    metavar="THƯ_MỤC",
    type=click.Path(file_okay=False, path_type=Path),
    help=f"Thư mục ghi kết quả (mặc định: {OUTPUT_ROOT}/{COMPILATION_FOLDER}/<kỳ>/).",
)
@forms_dir_option
def aggregate_command(
    files: Sequence[Path],
    expect: Path | None,
    previous: Sequence[Path],
    strict: bool,
    province: str | None,
    out_dir: Path | None,
    forms_dirs: Sequence[Path],
) -> None:
    """Tổng hợp báo cáo của các cơ quan (tệp YAML hoặc Phụ lục XLSX) thành số liệu của tỉnh.

    Tạo bảng tổng hợp (.xlsx: mỗi cơ quan một cột, cột Tổng, trang tình trạng nộp) và Phụ lục
    tổng hợp (.docx, .xlsx). Mọi tệp phải cùng biểu mẫu và cùng kỳ. Cơ quan có lỗi được ghi
    'có lỗi' và không tính vào Tổng (mã thoát 1); với --strict thì không tạo gì.
    """
    from ..aggregate.compile import State
    from ..aggregate.run import AggregateOptions, aggregate

    options = AggregateOptions(
        out_dir=out_dir,
        expect=expect,
        previous=tuple(previous),
        strict=strict,
        province=province,
        forms_dirs=tuple(forms_dirs),
    )
    result = aggregate(files, options)
    _print_written(result.written, result.diagnostics)
    compilation = result.compilation
    counts = ", ".join(f"{state.value} {compilation.count(state)}" for state in State if compilation.count(state))
    click.echo(f"Đã tổng hợp {len(compilation.columns)}/{len(compilation.agencies)} cơ quan ({counts}).", err=True)
    if result.has_errors:
        sys.exit(1)


@main.command("import")
@click.argument("xlsx", metavar="PHỤ_LỤC.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("report", metavar="BÁO_CÁO.yaml", type=click.Path(dir_okay=False, path_type=Path))
@forms_dir_option
def import_command(xlsx: Path, report: Path, forms_dirs: Sequence[Path]) -> None:
    """Đọc bảng Phụ lục Excel đã điền/sửa (tệp do build tạo ra) vào tệp báo cáo YAML.

    Lấy số liệu và ghi chú, giữ nguyên mọi chú thích và bố cục của tệp YAML, in từng chỉ tiêu
    thay đổi (cũ → mới). Bảng có lỗi thì báo ô lỗi (TỆP.xlsx:Trang!D42) và không ghi gì.
    """
    from ..cycle.xlsx_import import import_appendix  # openpyxl, ruamel.yaml: only for this command

    changes = import_appendix(xlsx, report, forms_dirs)
    for change in changes:
        for line in change.lines():
            click.echo(line)
    if changes:
        click.echo(f"Đã ghi {len(changes)} chỉ tiêu thay đổi vào {report}.")
    else:
        click.echo(f"Không có số liệu hay ghi chú nào thay đổi; {report} giữ nguyên.")
    for diagnostic in analyze(report, forms_dirs).diagnostics:
        if diagnostic.is_error:
            click.echo(str(diagnostic), err=True)


@main.command("diff")
@click.argument("old", metavar="TỆP_CŨ", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", metavar="TỆP_MỚI", type=click.Path(dir_okay=False, path_type=Path))
@forms_dir_option
def diff_command(old: Path, new: Path, forms_dirs: Sequence[Path]) -> None:
    """So sánh hai bản của một báo cáo: chỉ tiêu, đoạn văn, thông tin văn bản đã thay đổi.

    Chữ bị bỏ in trong [-…-], chữ thêm vào in trong {+…+}; số in như trong văn bản.
    """
    from ..cycle.diff import diff_files

    for line in diff_files(old, new, forms_dirs):
        click.echo(line)


@main.command("schema")
@click.option(
    "--form",
    "form_id",
    metavar="MÃ",
    help="Mã biểu mẫu phụ lục (xem: cchc-docgen forms); bỏ qua cho báo cáo không có phụ lục.",
)
@click.option(
    "-o",
    "--output",
    metavar="TỆP",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tệp JSON cần ghi (mặc định: in ra màn hình).",
)
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
