"""Commands that write documents: build, appendix (BÁO CÁO, Phụ lục, PDF) and aggregate (a province's compilation)."""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from ..core.errors import InputError, error_at
from ..core.file_names import COMPILATION_FOLDER, OUTPUT_ROOT
from ..pipeline.build import BuildOptions, build
from ..report.analysis import Outline
from .main import (
    FILES_METAVAR,
    INPUT_FILE,
    F,
    forms_dir_option,
    jobs_option,
    main,
    output_option,
    print_written,
)

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


def _show_progress(done: int, total: int, outline: Outline) -> None:
    """Progress of a batch on stderr: a bar on a terminal, else one line per report."""
    if total < 2:
        return
    if sys.stderr.isatty():
        filled = 30 * done // total
        bar = "#" * filled + "-" * (30 - filled)
        click.echo(f"\r[{bar}] {done}/{total} báo cáo", nl=done == total, err=True)
        return
    click.echo(f"[{done}/{total}] đã tạo: {outline.agency_full_name} – {outline.period_name}", err=True)


def _watch_option(func: F) -> F:
    return click.option(
        "--watch",
        is_flag=True,
        help="Chạy liên tục: mỗi lần lưu tệp báo cáo (hay biểu mẫu, mẫu Word của nó) thì tạo lại văn bản của"
        " báo cáo đó; có lỗi thì giữ bản đã tạo lần trước. Ctrl+C để dừng.",
    )(func)


def _watch(files: Sequence[Path], options: BuildOptions) -> None:
    """Build, then rebuild at every save until Ctrl+C (or SIGTERM): exit 0, LibreOffice closed."""
    import signal
    import threading

    from ..pipeline.watch import watch

    stop = threading.Event()
    stopping = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.signal(number, lambda *_: stop.set()) for number in stopping}
    try:
        watch(files, options, lambda text, err: click.echo(text, err=err), stop)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    click.echo("Đã dừng theo dõi.", err=True)


@main.command("build")
@click.argument("files", nargs=-1, required=True, metavar=FILES_METAVAR, type=INPUT_FILE)
@output_option(_OUT_HELP, folder=True)
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
    type=INPUT_FILE,
    help="Tệp mẫu Word (.docx) tự soạn thay cho mẫu có sẵn.",
)
@jobs_option
@_watch_option
@forms_dir_option
def build_command(
    files: Sequence[Path],
    out_dir: Path | None,
    pdf: bool,
    pdf_timeout: str | None,
    template: Path | None,
    jobs: int | None,
    watch: bool,
    forms_dirs: Sequence[Path],
) -> None:
    """Kiểm tra rồi tạo BÁO CÁO (.docx), Phụ lục (.docx, .xlsx) và PDF nếu cần.

    Có lỗi ở bất kỳ tệp nào thì không tạo gì và giữ nguyên các tệp đã có. Với --watch: chạy
    liên tục, tạo lại báo cáo mỗi khi tệp của nó được lưu.
    """
    options = BuildOptions(
        out_dir=out_dir,
        pdf=pdf,
        template=template,
        forms_dirs=tuple(forms_dirs),
        pdf_timeout=_pdf_timeout(pdf_timeout),
        jobs=jobs,
    )
    if watch:
        _watch(files, options)
        return
    print_written(*build(files, options, _show_progress))


@main.command("appendix")
@click.argument("files", nargs=-1, required=True, metavar=FILES_METAVAR, type=INPUT_FILE)
@output_option(_OUT_HELP, folder=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["docx", "xlsx", "all"]),
    default="all",
    show_default=True,
    help="Định dạng Phụ lục cần tạo.",
)
@jobs_option
@_watch_option
@forms_dir_option
def appendix_command(
    files: Sequence[Path], out_dir: Path | None, fmt: str, jobs: int | None, watch: bool, forms_dirs: Sequence[Path]
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
    if watch:
        _watch(files, options)
        return
    print_written(*build(files, options, _show_progress))


@main.command("aggregate")
@click.argument("files", nargs=-1, required=True, metavar=FILES_METAVAR, type=INPUT_FILE)
@click.option(
    "--expect",
    metavar="TỆP",
    type=INPUT_FILE,
    help="Tệp YAML danh sách các cơ quan phải báo cáo; cơ quan không có tệp được ghi 'chưa nộp'.",
)
@click.option(
    "--previous",
    multiple=True,
    metavar="TỆP",
    type=INPUT_FILE,
    help="Tệp báo cáo kỳ trước (YAML hoặc Phụ lục XLSX) để cảnh báo số liệu giống hệt; dùng nhiều lần được.",
)
@click.option("--strict", is_flag=True, help="Một tệp có lỗi thì dừng, không tạo gì.")
@click.option("--province", metavar="TÊN", help='Tên tỉnh in trong tiêu đề Phụ lục tổng hợp, ví dụ "tỉnh Sóc Trăng".')
@output_option(f"Thư mục ghi kết quả (mặc định: {OUTPUT_ROOT}/{COMPILATION_FOLDER}/<kỳ>/).", folder=True)
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
    print_written(result.written, result.diagnostics)
    compilation = result.compilation
    counts = ", ".join(f"{state.value} {compilation.count(state)}" for state in State if compilation.count(state))
    click.echo(f"Đã tổng hợp {len(compilation.columns)}/{len(compilation.agencies)} cơ quan ({counts}).", err=True)
    if result.has_errors:
        sys.exit(1)
