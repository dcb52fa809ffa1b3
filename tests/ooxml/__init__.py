"""Schema validation of Office Open XML packages (DOCX, XLSX), as Word and Excel read them.

`package_errors(path)` opens a package, maps each part to its schema by the content type that
[Content_Types].xml gives it, applies markup compatibility (ECMA-376 Part 3) the way an
ISO-only consumer does — elements and attributes of `mc:Ignorable` namespaces it does not know
are dropped, an `mc:AlternateContent` keeps the first `mc:Choice` whose requirements it knows,
else its `mc:Fallback`, else nothing — and validates the result with the ISO/IEC 29500-4
transitional schemas (the OPC parts with ECMA-376 Part 2's). It returns one line per problem:
"part:line: message".
"""

from __future__ import annotations

from .validate import SCHEMAS, package_errors

__all__ = ["SCHEMAS", "package_errors"]
