"""Print the imports between cchc_docgen's subpackages as a Mermaid graph; fail on an upward import or a cycle.

    python docs/import_graph.py            # print the graph; problems on stderr
    python docs/import_graph.py --write    # also put it into docs/developers.md, between its markers

Reads every ``cchc_docgen/**/*.py`` with ``ast`` (nothing is imported, so it runs without the
package's dependencies) and counts every ``import``/``from … import`` of a cchc_docgen module,
wherever it stands: at the top, inside a function (lazy imports) or under ``TYPE_CHECKING``.

The layers, lowest first (an edge A --> B means "a module of A imports a module of B"):

    core  <-  forms  <-  report  <-  render  <-  pipeline / cycle / aggregate  <-  cli

A subpackage may import its own layer's siblings and any lower layer, never a higher one; the
package root (``cchc_docgen/__init__.py``, the public API, and ``__main__.py``) sits above all and
no subpackage may import it. Exit status: 0 when the graph keeps these rules, 1 when a module
imports upward, two subpackages import each other (directly or round a longer cycle), or a folder
is not in ``LAYERS`` (a new subpackage: give it a layer here and in docs/developers.md).
"""

from __future__ import annotations

import ast
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "cchc_docgen"
ROOT_NODE = "(root)"  # cchc_docgen/__init__.py and __main__.py

#: Subpackage -> layer; a module may import only its own layer or lower ones.
LAYERS: dict[str, int] = {
    "core": 0,
    "forms": 1,
    "report": 2,
    "render": 3,
    "pipeline": 4,
    "cycle": 4,
    "aggregate": 4,
    "intake": 4,
    "cli": 5,
    ROOT_NODE: 6,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def subpackage(module: str) -> str:
    """The first folder under cchc_docgen of a dotted module name, or ROOT_NODE for the package itself."""
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in ("__main__", "__init__"):
        return ROOT_NODE
    return parts[1]


def imported_modules(path: Path, module: str) -> list[tuple[str, int]]:
    """Every cchc_docgen module `path` imports, with the line of the import."""
    is_package = path.name == "__init__.py"
    package_parts = module.split(".") if is_package else module.split(".")[:-1]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package_parts[: len(package_parts) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            if node.module is None:
                # `from . import x`: x is a submodule (or a name of the package itself).
                found += [(f"{base}.{alias.name}", node.lineno) for alias in node.names]
            else:
                found.append((base, node.lineno))
    return [(name, line) for name, line in found if name == PACKAGE or name.startswith(PACKAGE + ".")]


def resolve(name: str, known: set[str]) -> str:
    """`name` itself when it is a module, else its nearest enclosing module (a name imported from it)."""
    while name not in known and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


def main() -> int:
    files = sorted((ROOT / PACKAGE).rglob("*.py"))
    modules = {module_name(path): path for path in files}
    edges: Counter[tuple[str, str]] = Counter()
    problems: list[str] = []
    upward: list[tuple[str, int, str]] = []  # (file, line, message), sorted before printing

    for module, path in modules.items():
        source = subpackage(module)
        if source not in LAYERS:
            problems.append(f"{path.relative_to(ROOT)}: folder '{source}' has no layer in LAYERS")
            continue
        for name, line in imported_modules(path, module):
            target = subpackage(resolve(name, set(modules)))
            if target == source:
                continue
            edges[(source, target)] += 1
            if target not in LAYERS:
                continue  # reported once, as a source folder
            if LAYERS[target] > LAYERS[source]:
                where = str(path.relative_to(ROOT))
                upward.append(
                    (
                        where,
                        line,
                        f"{where}:{line}: upward import: {source} (layer {LAYERS[source]}) "
                        f"imports {name} ({target}, layer {LAYERS[target]})",
                    )
                )

    problems += [message for _, _, message in sorted(upward)]
    for cycle in cycles(set(edges)):
        problems.append(f"cycle between subpackages: {', '.join(cycle)} (each imports the others, directly or not)")

    graph = mermaid(edges)
    print(graph)
    for problem in problems:
        print(problem, file=sys.stderr)
    if "--write" in sys.argv[1:]:
        write_into_docs(graph, problems)
    return 1 if problems else 0


def write_into_docs(graph: str, problems: list[str]) -> None:
    """Replace what stands between the markers of docs/developers.md with the graph and the problems."""
    doc = ROOT / "docs" / "developers.md"
    text = doc.read_text(encoding="utf-8")
    begin, end = "<!-- import-graph:begin -->\n", "<!-- import-graph:end -->"
    head, _, rest = text.partition(begin)
    if not rest or end not in rest:
        raise SystemExit(f"{doc}: the markers {begin.strip()} … {end} are missing")
    tail = rest.partition(end)[2]
    if problems:
        state = "**Not yet kept** (`python docs/import_graph.py` exits 1):\n\n"
        state += "".join(f"- `{problem}`\n" for problem in problems)
    else:
        state = "The rules hold: no upward import, no cycle.\n"
    doc.write_text(f"{head}{begin}{graph}\n\n{state}{end}{tail}", encoding="utf-8")


def cycles(edges: set[tuple[str, str]]) -> list[list[str]]:
    """The strongly connected components of more than one subpackage (Tarjan), each sorted."""
    graph: dict[str, list[str]] = {}
    for a, b in sorted(edges):
        graph.setdefault(a, []).append(b)
        graph.setdefault(b, [])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def mermaid(edges: Counter[tuple[str, str]]) -> str:
    """A top-down Mermaid flowchart, one node per subpackage, edges labelled with the number of imports;
    an upward edge is dotted."""

    def node_id(name: str) -> str:
        return "root" if name == ROOT_NODE else name

    names = sorted({name for edge in edges for name in edge}, key=lambda n: (-LAYERS.get(n, 99), n))
    lines = ["```mermaid", "flowchart TD"]
    for name in names:
        label = "cchc_docgen (__init__, __main__)" if name == ROOT_NODE else f"{name}/"
        lines.append(f'    {node_id(name)}["{label}"]')
    for (a, b), count in sorted(edges.items(), key=lambda e: (-LAYERS.get(e[0][0], 99), e[0][0], e[0][1])):
        if LAYERS.get(b, 99) > LAYERS.get(a, 99):
            lines.append(f"    {node_id(a)} -.->|{count} upward| {node_id(b)}")  # dotted: breaks the rule
        else:
            lines.append(f"    {node_id(a)} -->|{count}| {node_id(b)}")
    lines.append("```")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
