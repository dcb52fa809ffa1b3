"""Finding and loading forms: the shipped ones (*.yaml of this folder) and the user's, parsed once and cached."""


from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import msgspec

from ..core.errors import FormError, InputError, did_you_mean
from .model import FORM_SUFFIX, Form


def builtin_forms_dir() -> Path:
    """The folder of forms shipped inside the package."""
    return Path(__file__).resolve().parent


def form_dirs(extra: Sequence[Path] = ()) -> list[Path]:
    """Search path for forms: user folders first, then the built-in ones."""
    return [*extra, builtin_forms_dir()]


def available_forms(extra: Sequence[Path] = ()) -> dict[str, Path]:
    """Form id → file, the first folder in the search path winning."""
    found: dict[str, Path] = {}
    for folder in reversed(form_dirs(extra)):
        if folder.is_dir():
            for file in sorted(folder.glob(f"*{FORM_SUFFIX}")):
                found[file.stem] = file
    return found


_CACHE: dict[tuple[Path, float], Form] = {}


def load_form(form_id: str, extra: Sequence[Path] = ()) -> Form:
    """Load the form `form_id` (its main version, with every other one in `variants`); raise FormError."""
    forms = available_forms(extra)
    if form_id not in forms:
        raise FormError(
            f"không có biểu mẫu '{form_id}'{did_you_mean(form_id, forms)};"
            f" các biểu mẫu hiện có: {', '.join(sorted(forms)) or '(không có)'}"
        )
    return load_form_file(forms[form_id])


def load_form_file(path: Path) -> Form:
    """Load and validate one form file and all its versions (kept by path and modification time for
    this process, and by path and text between runs: _disk_cache.py)."""
    resolved = path.resolve()
    key = (resolved, path.stat().st_mtime)
    if key not in _CACHE:
        _CACHE[key] = _parsed_form(path, resolved)
    return _CACHE[key]


def _parsed_form(path: Path, resolved: Path) -> Form:
    import yaml

    from ..core.disk_cache import remembered
    from ..core.text_file import read_text
    from .parser import parse_form_file  # the parser needs the model above

    try:
        text = read_text(path)
    except InputError as exc:
        raise FormError(exc.diagnostics) from None
    # The text parsed is the text the entry is named by; the path as given is part of the form.
    key = f"{path}\0{resolved}\0{text}"
    return remembered("forms", key, lambda: parse_form_file(path, text), (yaml, msgspec))
