"""Long paragraphs and long files: `diff` marks the changed words of a long paragraph (in linear
time: benchmarks/bench_diff.py shows it), and `init --from` copies the narrative as typed."""

from __future__ import annotations

import random
import re
from pathlib import Path
from unittest import mock

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from cchc_docgen.cli import main
from cchc_docgen.core import roundtrip_yaml as _roundtrip
from cchc_docgen.cycle import diff, word_diff
from cchc_docgen.cycle.carry_over import carry_over
from cchc_docgen.report.period import Period
from cchc_docgen.report.schema import form_id_of

from .conftest import EXAMPLES
from .test_check import BASE

WORDS = "cải cách hành chính thủ tục hồ sơ tiếp nhận giải quyết đúng hạn trực tuyến".split()


def _lcs(a: list[str], b: list[str]) -> int:
    row = [0] * (len(b) + 1)
    for x in a:
        previous, row = row, [0]
        for j, y in enumerate(b):
            row.append(previous[j] + 1 if x == y else max(previous[j + 1], row[j]))
    return row[-1]


def _apply(a: list[str], b: list[str], ops: list[word_diff.Opcode]) -> list[str]:
    """`b` rebuilt from the opcodes, each checked to continue where the last one ended."""
    out: list[str] = []
    i = j = 0
    for op, i1, i2, j1, j2 in ops:
        assert (i1, j1) == (i, j)
        if op == "equal":
            assert a[i1:i2] == b[j1:j2]
        out += b[j1:j2]
        i, j = i2, j2
    assert (i, j) == (len(a), len(b))
    return out


_SEQUENCE = st.lists(st.sampled_from("abc"), max_size=25)


@given(_SEQUENCE, _SEQUENCE)
def test_myers_finds_a_shortest_edit(a: list[str], b: list[str]) -> None:
    blocks = word_diff._myers(a, b)
    assert blocks is not None
    assert sum(size for _, _, size in blocks) == _lcs(a, b)
    assert _apply(a, b, word_diff._blocks_to_opcodes([*blocks, (len(a), len(b), 0)])) == b


@given(_SEQUENCE, _SEQUENCE)
def test_long_sequence_opcodes_rebuild_the_new_one(a: list[str], b: list[str]) -> None:
    with mock.patch.object(word_diff, "_SMALL", -1):  # the path of long paragraphs, on short ones
        assert _apply(a, b, word_diff.opcodes(a, b)) == b


def _paragraph(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [rng.choice(WORDS) for _ in range(count)]


def test_long_paragraph_marks_each_changed_word() -> None:
    """20 000 words from 14 (difflib's worst case) with 40 words replaced: each one marked."""
    old = _paragraph(20_000, 1)
    new = list(old)
    places = sorted(random.Random(2).sample(range(20_000), 40))
    for place in places:
        new[place] = str(place)
    marked = word_diff.mark_words(" ".join(old), " ".join(new))
    # A shortest edit: each replaced word removed, each number added (a removed word may be its
    # twin next to it: "giải [-giải-]{+7+}" and "[-giải-] giải {+7+}" say the same).
    assert sorted(re.findall(r"\{\+(.*?)\+\}", marked)) == sorted(str(place) for place in places)
    assert sorted(re.findall(r"\[-(.*?)-\]", marked)) == sorted(old[place] for place in places)
    assert word_diff.similarity(" ".join(old), " ".join(new)) == (2 * 19_960) / 40_000


def test_too_many_changes_mark_the_middle_as_replaced() -> None:
    """Past the work budget, what lies between the common start and end is replaced as a whole."""
    old = ["đầu", *_paragraph(20_000, 3), "cuối"]
    new = ["đầu", *(str(n) for n in range(20_000)), "cuối"]
    assert word_diff._myers(old[1:-1], new[1:-1]) is None  # over the budget
    marked = word_diff.mark_words(" ".join(old), " ".join(new))
    assert marked == f"đầu [-{' '.join(old[1:-1])}-]{{+{' '.join(new[1:-1])}+}} cuối"


def test_many_replaced_paragraphs_are_paired_within_a_window() -> None:
    old = [diff.Item("1", "đoạn", f"Đoạn cũ số {i} " + " ".join(_paragraph(30, i)), i) for i in range(100)]
    new = [diff.Item("1", "đoạn", f"Đoạn mới {i}", i) for i in range(100)]
    pairs = list(diff._pair(old, new))
    assert [(a is not None, b is not None) for a, b in pairs] == [(True, False)] * 100 + [(False, True)] * 100


def test_diff_of_a_long_paragraph(tmp_path: Path) -> None:
    words = _paragraph(10_000, 5)
    edited = [*words[:5000], "mới", *words[5001:]]
    old, new = tmp_path / "cu.yaml", tmp_path / "moi.yaml"
    old.write_text(BASE.replace("      - 'Hoàn", f'      - "{" ".join(words)}"\n      - \'Hoàn'), encoding="utf-8")
    new.write_text(BASE.replace("      - 'Hoàn", f'      - "{" ".join(edited)}"\n      - \'Hoàn'), encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(old), str(new)])
    assert result.exit_code == 0, result.output
    line = result.output.splitlines()[3]
    assert line.startswith(f"  sửa (mục I, đoạn, dòng 14): {' '.join(words[:10])} ")
    assert line.count("[-") == 1 and f"[-{words[5000]}-]{{+mới+}}" in line


# -- init --from ---------------------------------------------------------------------------

_SOURCE = EXAMPLES["004"].read_text(encoding="utf-8")
_HEAD, _, _REST = _SOURCE.partition("narrative:")
_NARRATIVE, _, _TAIL = _REST.partition("closing:")
LAYOUTS = {
    "example": _SOURCE,
    "crlf": _SOURCE.replace("\n", "\r\n"),
    "no-final-newline": _SOURCE.rstrip("\n"),
    "narrative-last": _HEAD + "closing:" + _TAIL + "narrative:" + _NARRATIVE,
    "narrative-last-no-newline": _HEAD + "closing:" + _TAIL + "narrative:" + _NARRATIVE.rstrip("\n"),
    "comments-around": _SOURCE.replace("narrative:\n", "# Lời văn\nnarrative:   # phần chính\n  # đầu\n").replace(
        "closing:", "  # cuối lời văn\n\n# Câu kết\nclosing:"
    ),
    "flow-narrative": _HEAD + 'narrative: [{title: "A", content: ["x"]}]\nclosing:' + _TAIL,
    "quoted-key": _SOURCE.replace("narrative:\n", '"narrative":\n'),
    "document-markers": "---\n" + _SOURCE + "...\n",
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_narrative_kept_as_typed_gives_what_a_full_round_trip_gives(tmp_path: Path, layout: str) -> None:
    previous = tmp_path / "ky-truoc.yaml"
    previous.write_bytes(LAYOUTS[layout].encode("utf-8"))
    spans = _roundtrip._top_level_lines(LAYOUTS[layout].replace("\r\n", "\n"), ("narrative",))
    assert list(spans) == ["narrative"]
    kept = carry_over(previous, Period.parse("2022-Q4"), tmp_path / "moi.yaml").text
    with mock.patch.object(_roundtrip, "_top_level_lines", return_value={}):
        whole = carry_over(previous, Period.parse("2022-Q4"), tmp_path / "moi.yaml").text
    assert kept == whole


@pytest.mark.parametrize(
    "text",
    [
        '{agency: {name: "A"}, narrative: [a]}\n',  # flow mapping at the top
        "- a\n- b\n",  # not a mapping
        'a: 1\nnarrative:\n  - "x\u2028y"\n',  # a line break libyaml counts that "\n" does not
        "  a: 1\n  narrative: [x]\n",  # keys not at the start of their lines
    ],
)
def test_layouts_not_cut_by_lines_are_parsed_whole(text: str) -> None:
    assert _roundtrip._top_level_lines(text, ("narrative",)) == {}


def test_form_id_of_reads_long_digit_strings_and_odd_appendices() -> None:
    assert form_id_of(f"appendix: {{form: x}}\nnarrative: [{'1' * 5000}]\n") == "x"
    assert form_id_of("appendix: [x]\n") is None
    assert form_id_of("appendix: {form: x\n") is None


def test_init_from_a_report_with_a_huge_unquoted_number(tmp_path: Path) -> None:
    """ruamel.yaml's int() on 5 000 digits, and its date of year 0, were exit 3; both are copied as typed."""
    previous = tmp_path / "q3.yaml"
    previous.write_text(
        BASE.replace("I.1.de_ra: 46", f"I.1.de_ra: {'1' * 5000}").replace(
            "  symbol: BC-STTTT", f"  symbol: BC-STTTT\n  bases: [{'2' * 5000}, 0000-01-01, 2023-02-30]"
        ),
        encoding="utf-8",
    )
    target = tmp_path / "q4.yaml"
    result = CliRunner().invoke(main, ["init", "--from", str(previous), "--period", "2022-Q4", "-o", str(target)])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert f"  bases: [{'2' * 5000}, 0000-01-01, 2023-02-30]\n" in text  # no date of year 0 either
    assert "    I.1.de_ra: ~\n" in text
