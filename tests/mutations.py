"""A seeded, deterministic generator of damaged report files, from the three examples.

Each case is what a careless edit or a hostile user could produce: lines deleted, duplicated or
swapped, a scalar replaced by a YAML trap, indentation changed, the file saved in another
encoding or with pasted control characters. The same seed always gives the same bytes.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

from .conftest import EXAMPLES

#: Values that YAML 1.1, PyYAML's constructors or the report model have tripped on.
TRAPS = [
    "010", "08", "0x1F", "0o17", "0b101", "1_000", "1:30", "1:30:45", "1.145", "1,145", "-5", "+3", "1e400",
    "1.0e+26", "99999999999999999999", ".nan", "-.inf", ".inf", "yes", "no", "on", "off", "Y", "true", "null",
    "~", "", "[]", "{}", "[[[", "]", "{a: {b: {c: d}}}", "[1, [2, [3]]]", "&a x", "*a", "&b [*b]",
    "!!python/object:os.system x", "!!python/name:os.system", "!!binary xx", "!!int abc", "!!float abc",
    "!!bool maybe", "!!timestamp 2023-13-45",
    "!!set {a, b}", "!!omap [a: 1]", "!!pairs [a: 1]", "!!str 12", "!!null x", "!!merge x", "!custom x", "!<tag:x> y",
    "<<: {a: 1}", "= x", "2023-02-30", "2023-13-01", "2023-01-01T10:00:00", "12:30:45", "'", '"', "'x' y", '"a\\qb"',
    '"\\x1b[31m"', '"\\x00"', '"\\ud800"', "|", ">", "|-", "- x", "? x", ": x", "%YAML 1.1", "---", "...", "@x", "`x",
    "{{ x }}", '{{ pl["I.1"] }}', "{% include 'x' %}", "**", "*", "a" * 3000, "Sở …", "…",
]  # fmt: skip
SUFFIXES = [
    " #",
    "\t",
    ":",
    " x: y",
    " - z",
    "\x1b",
    "\x00",
    "\x07",
    "\ufeff",
    " &a",
    " *a",
    " !!int",
    "'",
    '"',
    "]",
    "}",
]


def _mutate_lines(lines: list[str], rng: random.Random) -> list[str]:
    lines = list(lines)
    for _ in range(rng.randint(1, 3)):
        if not lines:
            break
        i = rng.randrange(len(lines))
        operation = rng.randrange(6)
        if operation == 0:
            del lines[i]
        elif operation == 1:
            lines.insert(i, lines[i])
        elif operation == 2:
            j = min(len(lines) - 1, i + 1) if rng.random() < 0.5 else rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif operation == 3:
            line, trap = lines[i], rng.choice(TRAPS)
            colon = line.find(": ")
            if colon >= 0:
                lines[i] = line[: colon + 2] + trap
            elif line.lstrip().startswith("- "):
                lines[i] = line[: line.index("-") + 2] + trap
            else:
                lines[i] = trap
        elif operation == 4:
            lines[i] = " " * rng.choice((1, 2, 4)) + lines[i] if rng.random() < 0.5 else lines[i][rng.randint(1, 2) :]
        else:
            lines[i] += rng.choice(SUFFIXES)
    return lines


_ENCODINGS: list[Callable[[str], bytes]] = [
    lambda text: text.encode("utf-16"),
    lambda text: text.encode("cp1258", errors="replace"),
    lambda text: text.encode("latin-1", errors="replace"),
    lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
    lambda text: b"\xef\xbb\xbf\xef\xbb\xbf" + text.encode("utf-8"),
    lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    lambda text: text.encode("utf-8")[: len(text) // 2],
]


def damaged_reports(seed: int, count: int) -> Iterator[tuple[int, bytes]]:
    """`count` damaged report files (case number, bytes), the same for the same seed."""
    sources = [path.read_text(encoding="utf-8").splitlines() for _, path in sorted(EXAMPLES.items())]
    rng = random.Random(seed)
    for case in range(count):
        text = "\n".join(_mutate_lines(rng.choice(sources), rng)) + "\n"
        encode = rng.choice(_ENCODINGS) if rng.random() < 0.1 else (lambda t: t.encode("utf-8"))
        yield case, encode(text)
