"""Word files shipped with cchc-docgen: the top-level templates/ folder, installed as the package
cchc_docgen.templates."""

from __future__ import annotations

import importlib.resources
from pathlib import Path

__all__ = ["shipped_template"]


def shipped_template(name: str) -> Path:
    """templates/`name`: from the installed package cchc_docgen.templates, else the repository."""
    try:
        resource = importlib.resources.files("cchc_docgen.templates") / name
        if isinstance(resource, Path) and resource.is_file():
            return resource
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parents[2] / "templates" / name
