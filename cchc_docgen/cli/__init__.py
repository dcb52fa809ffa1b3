"""The `cchc-docgen` command line: argument parsing, Vietnamese help and messages, exit codes."""

from . import checking, cycle, documents  # noqa: F401  (each registers its commands on `main`)
from .main import main

__all__ = ["main"]
