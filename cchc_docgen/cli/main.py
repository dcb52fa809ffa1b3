"""The `cchc-docgen` command group: Vietnamese usage, --debug, errors as messages and exit codes, shared options."""

from __future__ import annotations

import atexit
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from ..core.errors import CchcError, Diagnostic
from ..core.version import __version__
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


class _WorkerCount(click.ParamType):  # type: ignore[type-arg]  # generic in recent click only; 8.2 is supported
    """A count of reports made at the same time: a whole number from 1 up, refused in plain words
    (click's IntRange says "integer range" and "x>=1")."""

    name = "số báo cáo làm song song"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            text = str(value).strip()
            if not text.lstrip("+-").isdigit() or not text.isascii():
                self.fail(f"'{value}' không phải số nguyên; hãy ghi một số từ 1 trở lên, ví dụ --jobs 2", param, ctx)
            number = int(text)
        if number < 1:
            self.fail(f"{number} không được; hãy ghi một số từ 1 trở lên (1: làm lần lượt từng báo cáo)", param, ctx)
        return number


def jobs_option(func: F) -> F:
    """The shared -j/--jobs option."""
    return click.option(
        "-j",
        "--jobs",
        metavar="SỐ",
        type=_WorkerCount(),
        help="Số báo cáo được xử lý song song (mặc định: số lõi CPU của máy; 1: lần lượt trong một tiến trình).",
    )(func)


def output_option(help: str, *, folder: bool = False, required: bool = False) -> Callable[[F], F]:
    """The shared -o/--output option: the folder the documents go to (`out_dir`), or the one file
    a command writes (`output`)."""
    if folder:
        return click.option(
            "-o",
            "--output",
            "out_dir",
            metavar="THƯ_MỤC",
            type=click.Path(file_okay=False, path_type=Path),
            help=help,
        )
    return click.option(
        "-o",
        "--output",
        "output",
        required=required,
        metavar="TỆP",
        type=click.Path(dir_okay=False, path_type=Path),
        help=help,
    )


_click_vi.install()

#: How each command names its options and arguments in the usage line.
OPTIONS_METAVAR = "[TÙY_CHỌN]"
#: Files the commands read: their own code says what is wrong with one (missing, a folder, unreadable,
#: not the kind expected) as `TỆP: lỗi: …` with exit code 1 (core/input_file.py); click would refuse
#: an unreadable file or a folder as a mistake in the command line (exit code 2, the usage text).
INPUT_FILE = click.Path(readable=False, path_type=Path)
FILES_METAVAR = "TỆP..."


def _set_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(dict)["debug"] = True


def debug_option() -> click.Option:
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
        self.params.append(debug_option())


#: Allocations between two collections of the youngest objects (Python's default is 700).
YOUNG_COLLECTION_THRESHOLD = 7_000


def _tune_collector() -> None:
    """Garbage collection for a command run as its own process (the `cchc-docgen` script, `python -m
    cchc_docgen`): what is loaded so far (modules, classes, never garbage) is frozen out of every later
    collection (`gc.freeze`), the youngest objects are collected every `YOUNG_COLLECTION_THRESHOLD`
    allocations, and as the process exits everything is frozen (from `atexit`) so that Python's last
    collection does not walk all a build made. Together about 50 ms of CPU, a sixth of a one-report
    `build`. Files are closed and output flushed before the exit, as at any exit, and objects no
    reference cycle holds are still freed one by one; only cycles are left to the system."""
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *gc.get_threshold()[1:])
    atexit.register(gc.freeze)


class _Group(click.Group):
    """The root command: safe console output, and every CchcError as Vietnamese messages and exit code 1."""

    command_class = _Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", "LỆNH [THAM_SỐ]...")
        super().__init__(*args, **kwargs)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        make_streams_safe()
        if not args and kwargs.get("args") is None:  # the process's own command line, not a caller's list
            _tune_collector()
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
        except BrokenPipeError:
            # The reader of the output went away (`cchc-docgen check … | head`): nothing more to say.
            _silence_stdout()
            ctx.exit(1)
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


def _silence_stdout() -> None:
    """Send what is left of standard output nowhere, so that flushing it at exit raises nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file behind stdout (a test runner)
        pass


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


def print_written(written: Sequence[Path], warnings: Sequence[Diagnostic]) -> None:
    for warning in warnings:
        click.echo(str(warning), err=True)
    for path in written:
        click.echo(str(path))
