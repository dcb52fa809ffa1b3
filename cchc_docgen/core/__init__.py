"""Shared foundations: errors, located YAML, all-or-nothing output, disk cache, Vietnamese formats, file names."""
