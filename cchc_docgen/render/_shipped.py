"""Word files shipped with cchc-docgen: the top-level templates/ folder, installed as the package
cchc_docgen.templates."""

from __future__ import annotations

import importlib.util
from pathlib import Path

__all__ = ["shipped_template"]


def shipped_template(name: str) -> Path:
    """templates/`name`: from the installed package cchc_docgen.templates, else the repository."""
    spec = importlib.util.find_spec("cchc_docgen.templates")
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        path = Path(folder) / name
        if path.is_file():
            return path
    return Path(__file__).resolve().parents[2] / "templates" / name
