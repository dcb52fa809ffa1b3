"""The `cchc-docgen` command line: argument parsing, Vietnamese help and messages, exit codes."""

from .commands import main

__all__ = ["main"]
