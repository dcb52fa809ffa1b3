"""Click's own words (usage, help, errors) in Vietnamese, through the gettext calls click makes."""

from __future__ import annotations

import gettext
import importlib
import sys
from collections.abc import Callable
from types import ModuleType

# Click marks every message it prints with gettext's `_()` / `ngettext()`, bound at import time in each
# of its modules. Rebinding those two names to a catalog lookup translates every message without copying
# click's code; unknown messages fall through to gettext unchanged. The catalog holds the wording of
# click 8.1 to 8.5 (a test checks that every message of the installed click has a translation here).
MESSAGES: dict[str, str] = {
    # help pages
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Positional arguments": "Tham số",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    "required": "bắt buộc",
    "default: {default}": "mặc định: {default}",
    "env var: {var}": "biến môi trường: {var}",
    "(dynamic)": "(thay đổi)",
    "deprecated": "không còn dùng",
    "(Deprecated)": "(không còn dùng)",
    "(DEPRECATED)": "(KHÔNG CÒN DÙNG)",
    "(DEPRECATED: {reason})": "(KHÔNG CÒN DÙNG: {reason})",
    "DeprecationWarning: The command {name!r} is deprecated.": "Cảnh báo: lệnh {name!r} không còn dùng.",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": (
        "Cảnh báo: lệnh {name!r} không còn dùng.{extra_message}"
    ),
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": (
        "Cảnh báo: {param_type} {name!r} không còn dùng.{extra_message}"
    ),
    # errors
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Xem '{command} {option}' để biết cách dùng.",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Missing argument": "Thiếu tham số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing {param_type}": "Thiếu {param_type}",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "Missing command.": "Thiếu tên lệnh.",
    "No such option: {name}": "Không có tùy chọn: {name}",
    "No such option {name!r}.": "Không có tùy chọn {name!r}.",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "Got unexpected extra argument ({args})": "Thừa tham số ({args})",
    "Got unexpected extra arguments ({args})": "Thừa tham số ({args})",
    "Option {name!r} does not take a value.": "Tùy chọn {name!r} không nhận giá trị.",
    "Option {name!r} requires an argument.": "Tùy chọn {name!r} cần một giá trị.",
    "Option {name!r} requires {nargs} arguments.": "Tùy chọn {name!r} cần {nargs} giá trị.",
    "Argument {name!r} takes {nargs} values.": "Tham số {name!r} nhận {nargs} giá trị.",
    "Invalid start character for option ({option})": "Ký tự đầu của tùy chọn không hợp lệ ({option})",
    "Did you mean {possibility}?": "Có phải ý bạn là {possibility}?",
    "(Possible options: {possibilities})": "(các tùy chọn gần giống: {possibilities})",
    "(Did you mean one of: {possibilities}?)": "(Có phải ý bạn là một trong: {possibilities}?)",
    "Aborted!": "Đã dừng!",
    "unknown error": "lỗi không rõ",
    "Could not open file {filename!r}: {message}": "Không mở được tệp {filename!r}: {message}",
    "Value must be an iterable.": "Giá trị phải là một danh sách.",
    "Takes {nargs} values but 1 was given.": "Cần {nargs} giá trị nhưng chỉ có 1.",
    "Takes {nargs} values but {len} were given.": "Cần {nargs} giá trị nhưng có {len}.",
    # parameter types
    "file": "tệp",
    "directory": "thư mục",
    "path": "đường dẫn",
    "{name} {filename!r} does not exist.": "không tìm thấy {filename!r}.",
    "{name} {filename!r} is a file.": "{filename!r} là một tệp, không phải thư mục.",
    "{name} {filename!r} is a directory.": "{filename!r} là một thư mục, không phải tệp.",
    "{name} {filename!r} is not readable.": "không có quyền đọc {filename!r}.",
    "{name} {filename!r} is not writable.": "không có quyền ghi {filename!r}.",
    "{name} {filename!r} is not executable.": "không chạy được {filename!r}.",
    "{name} '{filename}' does not exist.": "không tìm thấy '{filename}'.",
    "{name} '{filename}' is a file.": "'{filename}' là một tệp, không phải thư mục.",
    "{name} '{filename}' is a directory.": "'{filename}' là một thư mục, không phải tệp.",
    "{name} '{filename}' is not readable.": "không có quyền đọc '{filename}'.",
    "{name} '{filename}' is not writable.": "không có quyền ghi '{filename}'.",
    "{name} '{filename}' is not executable.": "không chạy được '{filename}'.",
    "{value!r} is not {choice}.": "{value!r} không phải là {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} không phải một trong các giá trị {choices}.",
    "Choose from:\n\t{choices}": "Chọn một trong:\n\t{choices}",
    "Choice({choices})": "Choice({choices})",
    "{value!r} does not match the format {format}.": "{value!r} không đúng dạng {format}.",
    "{value!r} does not match the formats {formats}.": "{value!r} không đúng dạng nào trong {formats}.",
    "{value!r} is not a valid {number_type}.": "{value!r} không phải là số hợp lệ ({number_type}).",
    "{value} is not in the range {range}.": "{value} nằm ngoài khoảng cho phép ({range}).",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} không phải giá trị đúng/sai hợp lệ. Các giá trị được nhận: {states}"
    ),
    "{value!r} is not a valid boolean.": "{value!r} không phải giá trị đúng/sai hợp lệ.",
    "{value!r} is not a valid UUID.": "{value!r} không phải UUID hợp lệ.",
    "{len_type} values are required, but {len_value} was given.": "Cần {len_type} giá trị, nhưng có {len_value}.",
    "{len_type} values are required, but {len_value} were given.": "Cần {len_type} giá trị, nhưng có {len_value}.",
    # prompts, terminal
    "Do you want to continue?": "Bạn có muốn tiếp tục?",
    "Confirm the action without prompting.": "Xác nhận mà không hỏi lại.",
    "Repeat for confirmation": "Nhập lại để xác nhận",
    "Error: The two entered values do not match.": "Lỗi: hai giá trị đã nhập không khớp nhau.",
    "Error: invalid input": "Lỗi: giá trị nhập không hợp lệ",
    "Press any key to continue...": "Nhấn một phím bất kỳ để tiếp tục...",
    "Unknown color {colour!r}": "Không có màu {colour!r}",
    "{editor}: Editing failed": "{editor}: không sửa được",
    "{editor}: Editing failed: {e}": "{editor}: không sửa được: {e}",
    "Windows error: {error}": "Lỗi Windows: {error}",
    "Unknown standard stream '{name}'": "Không có luồng chuẩn '{name}'",
    "Shell completion is not supported for Bash versions older than 4.4.": (
        "Không hỗ trợ tự hoàn thành lệnh cho Bash cũ hơn 4.4."
    ),
    "Couldn't detect Bash version, shell completion is not supported.": (
        "Không nhận ra phiên bản Bash; không hỗ trợ tự hoàn thành lệnh."
    ),
    # mistakes of the program itself (never a user's), translated so no English is left
    "Could not determine name for option with declarations {decls!r}": (
        "Không xác định được tên tùy chọn từ {decls!r}"
    ),
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead?"
    " Did you mean to pass '--{name}'?": "Tùy chọn không có tên nhưng có ({name}); có phải ý là '--{name}'?",
    "Name '{name}' defined twice": "Tên '{name}' được khai báo hai lần",
    "Boolean option {decl!r} cannot use the same flag for true/false.": (
        "Tùy chọn đúng/sai {decl!r} không dùng được cùng một cờ cho cả hai giá trị."
    ),
    "Arguments take exactly one parameter declaration, got {length}: {decls}.": (
        "Tham số cần đúng một khai báo, có {length}: {decls}."
    ),
    "Arguments take exactly one parameter declaration, got {length}.": "Tham số cần đúng một khai báo, có {length}.",
    "d": "d",
}

#: Modules of click that print translatable messages (imported here so that all of them are translated).
_CLICK_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click._parser",
    "click.termui",
    "click._termui_impl",
    "click.types",
    "click.utils",
    "click.shell_completion",
)


def translate(message: str) -> str:
    """The Vietnamese of one of click's messages (unknown messages unchanged)."""
    return MESSAGES.get(message, message)


def translate_plural(singular: str, plural: str, n: int) -> str:
    """Vietnamese has one form; pick click's English form by `n`, then translate it."""
    return translate(singular if n == 1 else plural)


def _loaded_click_modules() -> list[ModuleType]:
    modules: list[ModuleType] = []
    for name in _CLICK_MODULES:
        module = sys.modules.get(name)
        if module is None:
            try:
                module = importlib.import_module(name)
            except ImportError:
                continue
        modules.append(module)
    return modules


def install() -> None:
    """Make click speak Vietnamese for the whole process (idempotent)."""
    replacements: dict[Callable[..., str], Callable[..., str]] = {
        gettext.gettext: translate,
        gettext.ngettext: translate_plural,
    }
    for module in _loaded_click_modules():
        for attribute in ("_", "ngettext"):
            current = getattr(module, attribute, None)
            if current in replacements:
                setattr(module, attribute, replacements[current])
