"""Renderers: turn a checked report into Word and Excel files."""
