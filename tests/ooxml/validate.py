"""Validate every XML part of an OOXML package against the schema of its content type."""

from __future__ import annotations

import functools
import posixpath
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from lxml import etree

SCHEMAS = Path(__file__).resolve().parent / "schemas"

_XSD = "http://www.w3.org/2001/XMLSchema"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CORE = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_DATASTORE = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
_BIBLIOGRAPHY = "http://schemas.openxmlformats.org/officeDocument/2006/bibliography"
_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"

#: Where the Dublin Core schemas the OPC core properties import are published, and their local copies.
_DUBLIN_CORE = {
    "http://dublincore.org/schemas/xmls/qdc/2003/04/02/dc.xsd": "dc/dc.xsd",
    "http://dublincore.org/schemas/xmls/qdc/2003/04/02/dcterms.xsd": "dc/dcterms.xsd",
}


class Schema(NamedTuple):
    """Schema files (under SCHEMAS) and the root element a part of that content type must have."""

    files: tuple[str, ...]
    root: str


#: WordprocessingML, with the VML a w:pict holds (the fallback of a drawing Word writes for its
#: older versions): without the VML schemas the lax wildcard of w:pict would check nothing.
_WML_FILES = ("iso/wml.xsd", "iso/vml-main.xsd", "iso/vml-officeDrawing.xsd", "iso/vml-wordprocessingDrawing.xsd")


def _wml(root: str) -> Schema:
    return Schema(_WML_FILES, f"{{{_W}}}{root}")


def _sml(root: str) -> Schema:
    return Schema(("iso/sml.xsd",), f"{{{_S}}}{root}")


_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_SML = "application/vnd.openxmlformats-officedocument.spreadsheetml."

#: Content type → schema of the part.
BY_CONTENT_TYPE: dict[str, Schema] = {
    "application/vnd.openxmlformats-package.relationships+xml": Schema(
        ("opc/opc-relationships.xsd",), f"{{{_RELATIONSHIPS}}}Relationships"
    ),
    "application/vnd.openxmlformats-package.core-properties+xml": Schema(
        ("opc/opc-coreProperties.xsd",), f"{{{_CORE}}}coreProperties"
    ),
    "application/vnd.openxmlformats-officedocument.extended-properties+xml": Schema(
        ("iso/shared-documentPropertiesExtended.xsd",), f"{{{_EXTENDED}}}Properties"
    ),
    "application/vnd.openxmlformats-officedocument.custom-properties+xml": Schema(
        ("iso/shared-documentPropertiesCustom.xsd",), f"{{{_CUSTOM}}}Properties"
    ),
    "application/vnd.openxmlformats-officedocument.customXmlProperties+xml": Schema(
        ("iso/shared-customXmlDataProperties.xsd",), f"{{{_DATASTORE}}}datastoreItem"
    ),
    "application/vnd.openxmlformats-officedocument.theme+xml": Schema(("iso/dml-main.xsd",), f"{{{_A}}}theme"),
    f"{_WML}document.main+xml": _wml("document"),
    f"{_WML}template.main+xml": _wml("document"),
    f"{_WML}styles+xml": _wml("styles"),
    f"{_WML}settings+xml": _wml("settings"),
    f"{_WML}webSettings+xml": _wml("webSettings"),
    f"{_WML}fontTable+xml": _wml("fonts"),
    f"{_WML}numbering+xml": _wml("numbering"),
    f"{_WML}header+xml": _wml("hdr"),
    f"{_WML}footer+xml": _wml("ftr"),
    f"{_WML}footnotes+xml": _wml("footnotes"),
    f"{_WML}endnotes+xml": _wml("endnotes"),
    f"{_WML}comments+xml": _wml("comments"),
    f"{_SML}sheet.main+xml": _sml("workbook"),
    f"{_SML}template.main+xml": _sml("workbook"),
    f"{_SML}worksheet+xml": _sml("worksheet"),
    f"{_SML}styles+xml": _sml("styleSheet"),
    f"{_SML}sharedStrings+xml": _sml("sst"),
    f"{_SML}calcChain+xml": _sml("calcChain"),
    f"{_SML}table+xml": _sml("table"),
    f"{_SML}comments+xml": _sml("comments"),
    "application/vnd.openxmlformats-officedocument.drawing+xml": Schema(
        ("iso/dml-spreadsheetDrawing.xsd",), f"{{{_XDR}}}wsDr"
    ),
}

#: Parts of the generic XML content type (custom XML data) whose vocabulary has a schema, by root element.
BY_ROOT: dict[str, tuple[str, ...]] = {f"{{{_BIBLIOGRAPHY}}}Sources": ("iso/shared-bibliography.xsd",)}

#: Content types that hold no XML (pictures): nothing to validate.
BINARY_PREFIXES = ("image/",)


def _local_imports(tree: etree._ElementTree) -> etree._ElementTree:
    """`tree` (a schema) with its imports of the Dublin Core schemas pointed at the local copies."""
    for element in tree.iter(f"{{{_XSD}}}import"):
        local = _DUBLIN_CORE.get(element.get("schemaLocation", ""))
        if local is not None:
            element.set("schemaLocation", (SCHEMAS / local).as_uri())
    return tree


@functools.cache
def _schema(files: tuple[str, ...]) -> etree.XMLSchema:
    """The schema of `files` together: one file as it is, several through a schema importing each."""
    if len(files) == 1:
        return etree.XMLSchema(_local_imports(etree.parse(str(SCHEMAS / files[0]))))
    imports = "".join(
        f'<xsd:import namespace="{_target_namespace(file)}" schemaLocation="{(SCHEMAS / file).as_uri()}"/>'
        for file in files
    )
    return etree.XMLSchema(etree.fromstring(f'<xsd:schema xmlns:xsd="{_XSD}">{imports}</xsd:schema>'))


def _target_namespace(file: str) -> str:
    return str(etree.parse(str(SCHEMAS / file)).getroot().get("targetNamespace"))


@functools.cache
def understood_namespaces() -> frozenset[str]:
    """Every namespace a schema under SCHEMAS defines: what a consumer of the standard knows."""
    found = set()
    for file in SCHEMAS.rglob("*.xsd"):
        target = etree.parse(str(file)).getroot().get("targetNamespace")
        if target:
            found.add(target)
    return frozenset(found)


# --- markup compatibility (ECMA-376 Part 3) ---------------------------------------------------


def _prefixed_namespaces(element: etree._Element, value: str) -> set[str]:
    """The namespaces of the whitespace-separated prefixes of `value`, in `element`'s scope."""
    return {element.nsmap[prefix] for prefix in value.split() if prefix in element.nsmap}


def _namespace(tag: object) -> str | None:
    return etree.QName(tag).namespace if isinstance(tag, str) else None


def _choose_alternative(element: etree._Element, known: frozenset[str]) -> list[etree._Element]:
    """The children an mc:AlternateContent stands for: its first Choice whose Requires prefixes are
    all known, else its Fallback, else nothing."""
    for choice in element.findall(f"{{{_MC}}}Choice"):
        required = choice.get("Requires", "").split()
        if all(element.nsmap.get(prefix) in known for prefix in required):
            return list(choice)
    fallback = element.find(f"{{{_MC}}}Fallback")
    return [] if fallback is None else list(fallback)


def _replace(element: etree._Element, children: Iterable[etree._Element]) -> None:
    """Put `children` where `element` is, keeping the text after it (its tail)."""
    parent = element.getparent()
    assert parent is not None
    index = parent.index(element)
    tail = element.tail
    parent.remove(element)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    if tail and tail.strip():
        previous = parent[index - 1] if index else None
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def apply_compatibility(root: etree._Element, known: frozenset[str]) -> None:
    """Process `root` as a consumer that knows only the `known` namespaces (in place)."""

    def walk(element: etree._Element, ignorable: frozenset[str], unwrap: frozenset[str]) -> None:
        ignorable |= _prefixed_namespaces(element, element.get(f"{{{_MC}}}Ignorable", ""))
        for value in element.get(f"{{{_MC}}}ProcessContent", "").split():
            prefix, _, name = value.partition(":")
            unwrap |= {f"{{{element.nsmap.get(prefix)}}}{name}"}
        for name in list(element.attrib):
            namespace = _namespace(name)
            if namespace == _MC or (namespace in ignorable and namespace not in known):
                del element.attrib[name]
        for child in list(element):
            if not isinstance(child.tag, str):  # comments, processing instructions
                continue
            if child.tag == f"{{{_MC}}}AlternateContent":
                chosen = _choose_alternative(child, known)
                _replace(child, chosen)
                for replacement in chosen:
                    walk(replacement, ignorable, unwrap)
                continue
            namespace = _namespace(child.tag)
            if namespace in ignorable and namespace not in known:
                wildcard = f"{{{namespace}}}*"
                if child.tag in unwrap or wildcard in unwrap:
                    grandchildren = list(child)
                    _replace(child, grandchildren)
                    for grandchild in grandchildren:
                        walk(grandchild, ignorable, unwrap)
                else:
                    _replace(child, [])
                continue
            walk(child, ignorable, unwrap)

    walk(root, frozenset(), frozenset())


# --- the package ------------------------------------------------------------------------------


class Part(NamedTuple):
    name: str
    content_type: str | None


def _parts(package: zipfile.ZipFile, types: etree._Element) -> Iterator[Part]:
    defaults = {
        d.get("Extension", "").lower(): d.get("ContentType", "") for d in types.iter(f"{{{_CONTENT_TYPES}}}Default")
    }
    overrides = {
        o.get("PartName", "").lower(): o.get("ContentType", "") for o in types.iter(f"{{{_CONTENT_TYPES}}}Override")
    }
    for name in package.namelist():
        if name == "[Content_Types].xml" or name.endswith("/"):
            continue
        extension = posixpath.basename(name).rpartition(".")[2].lower()  # "_rels/.rels" too
        yield Part(name, overrides.get(f"/{name}".lower(), defaults.get(extension)))


def _schema_errors(name: str, document: etree._ElementTree, files: tuple[str, ...]) -> list[str]:
    schema = _schema(files)
    if schema.validate(document):
        return []
    return [f"{name}:{error.line}: {error.message}" for error in schema.error_log]  # type: ignore[attr-defined]


def part_errors(name: str, data: bytes, content_type: str | None) -> list[str]:
    """Problems of one part: no content type, no schema for it, not well formed, not valid."""
    if content_type is None:
        return [f"{name}: no content type in [Content_Types].xml"]
    if content_type.startswith(BINARY_PREFIXES):
        return []
    try:
        root = etree.fromstring(data)
    except etree.XMLSyntaxError as exc:
        return [f"{name}: not well-formed: {exc}"]
    known = understood_namespaces()
    apply_compatibility(root, known)
    schema = BY_CONTENT_TYPE.get(content_type)
    if schema is None and content_type in ("application/xml", "text/xml") and root.tag in BY_ROOT:
        schema = Schema(BY_ROOT[root.tag], root.tag)
    if schema is None:
        return [f"{name}: no schema for content type {content_type} (root {root.tag})"]
    if root.tag != schema.root:
        return [f"{name}: root {root.tag}, but content type {content_type} needs {schema.root}"]
    return _schema_errors(name, etree.ElementTree(root), schema.files)


def package_errors(path: Path | str) -> list[str]:
    """Every schema problem of the package at `path` (empty: valid), one line each."""
    with zipfile.ZipFile(path) as package:
        try:
            types_data = package.read("[Content_Types].xml")
        except KeyError:
            return ["[Content_Types].xml: missing"]
        types = etree.fromstring(types_data)
        errors = _schema_errors("[Content_Types].xml", etree.ElementTree(types), ("opc/opc-contentTypes.xsd",))
        for part in _parts(package, types):
            errors += part_errors(part.name, package.read(part.name), part.content_type)
    return errors
