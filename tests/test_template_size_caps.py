"""A Word template cannot build a huge string: `format`, `format_map`, `%`, `~`, `+`, filters and
string methods are measured before they build, each refusal a located message."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner
from jinja2.exceptions import SecurityError

from cchc_docgen.cli import main
from cchc_docgen.render import _template_sizes
from cchc_docgen.render._sandboxed_docx import _render_bounded
from cchc_docgen.render._template_sandbox import Sandbox, time_limit

from .conftest import EXAMPLES
from .test_template_sandbox import render_error, template_with

REFUSED = "mẫu Word dùng lệnh không được phép ("
#: Far above what rendering the example report takes, far below what any attack below would build.
PEAK_BYTES = 100_000_000


def render_text(source: str, **context: object) -> str:
    """`source` rendered in the sandbox as a Word template's part is (`time_limit` included)."""
    with time_limit():
        return _render_bounded(Sandbox().from_string(source), {"agency": "UBND xã", **context})


@pytest.mark.parametrize(
    ("line", "refused"),
    [
        # the two attacks
        (
            "{{ '{a:>{w}}'.format_map({'a': 'x', 'w': 10**9}) }}",
            "định dạng '{a:>{w}}' (độ rộng 1000000000) vượt giới hạn 100000",
        ),
        ("{% set big = ['x'*99999]*9999 %}{{ ('%s'*9999)|format(*big) }}", "định dạng '%s%s%s%s"),
        # format widths, given or nested
        ("{{ '{:>999999999}'.format(1) }}", "định dạng '{:>999999999}' (độ rộng 999999999) vượt giới hạn 100000"),
        ("{{ '{0:{1}}'.format('a', 10**9) }}", "format(…1000000000…) vượt giới hạn 100000"),
        ("{{ '{a:.{p}}'.format_map({'a': 'x', 'p': 10**9}) }}", "định dạng '{a:.{p}}' (độ rộng 1000000000)"),
        ("{{ '{a:.999999f}'.format_map({'a': 1.5}) }}", "định dạng '{a:.999999f}' (độ rộng 999999)"),
        ("{{ '%999999999s' % 'a' }}", "định dạng '%999999999s' (độ rộng 999999999) vượt giới hạn 100000"),
        ("{{ '%*s' % (10**9, 'a') }}", "định dạng '%*s' (độ rộng 1000000000) vượt giới hạn 100000"),
        ("{{ '%.*f' % (10**9, 1.5) }}", "định dạng '%.*f' (độ rộng 1000000000)"),
        # results longer than any template prints
        ("{{ ('{0}'*9999).format('x'*99999) }}", "định dạng '{0}{0}{0}{0}"),
        ("{{ ('{x}'*9999).format_map({'x': 'y'*99999}) }}", "định dạng '{x}{x}{x}{x}"),
        ("{{ ('{0!r}'*999).format(['y'*99999]*99) }}", "định dạng '{0!r}{0!r}"),
        ("{{ ('%(a)s'*9999) % {'a': 'x'*99999} }}", "định dạng '%(a)s%(a)s"),
        ("{{ ('%s'*50000)|format(*(['a'*99999]*50000)) }}", "định dạng '%s%s%s%s"),
        ("{{ ['%s'*9999]|format(*(['a'*99999]*9999)) }}", "định dạng \"['%s%s%s"),
        # filters
        ("{{ 'x'|center(10**9) }}", "center(…1000000000…) vượt giới hạn 100000"),
        ("{{ agency|indent(10**9) }}", "indent(…1000000000…) vượt giới hạn 100000"),
        ("{{ ('\\n'*99999)|indent(99999, true, true) }}", "indent vượt giới hạn 20000000"),
        ("{{ ('\\n'*99999)|indent('x'*99999, true, true) }}", "indent vượt giới hạn 20000000"),
        ("{{ agency|wordwrap(10**9) }}", "wordwrap(…1000000000…) vượt giới hạn 100000"),
        ("{{ ('x'*99999)|wordwrap(1, wrapstring='y'*99999) }}", "wordwrap vượt giới hạn 20000000"),
        ("{{ agency|truncate(10**9) }}", "truncate(…1000000000…) vượt giới hạn 100000"),
        ("{{ (['x'*99999]*9999)|join }}", "join vượt giới hạn 20000000"),
        ("{{ ('x'*99999)|join('y'*99999) }}", "join vượt giới hạn 20000000"),
        ("{{ ('a '*9999)|urlize(target='x'*99999) }}", "urlize vượt giới hạn 20000000"),
        ("{{ (['x'*99999]*9999)|string }}", "string vượt giới hạn 20000000"),
        ("{{ (['x'*99999]*9999)|tojson }}", "tojson vượt giới hạn 20000000"),
        # string methods
        ("{{ ('x'*99999).join('y'*99999) }}", "join vượt giới hạn 20000000"),
        ("{{ ('\\t'*99999).expandtabs(99999) }}", "expandtabs vượt giới hạn 20000000"),
        ("{{ ('x'*99999).translate({120: 'y'*99999}) }}", "translate vượt giới hạn 20000000"),
        ("{{ ('x'*99999).encode() * 9999 }}", "phép nhân chuỗi/danh sách vượt giới hạn 100000"),
        # operators doubling a value, printing a list of long strings, a macro's output
        (
            "{% set n = namespace(s='x'*99999) %}{% for i in range(99) %}{% set n.s = n.s ~ n.s %}{% endfor %}",
            "phép nối ~ vượt giới hạn 20000000",
        ),
        (
            "{% set n = namespace(s='x'*99999) %}{% for i in range(99) %}{% set n.s = n.s + n.s %}{% endfor %}",
            "phép cộng vượt giới hạn 20000000",
        ),
        (
            "{% set n=namespace(x=2) %}{% set n.x = 2**999 %}{% for i in range(9) %}{% set n.x=n.x*n.x %}{% endfor %}",
            "phép nhân số vượt giới hạn 4096 bit",
        ),
        ("{{ ['x'*99999]*9999 }}", "giá trị in ra vượt giới hạn 20000000"),
        (
            "{% macro m() %}{% for i in range(99999) %}{{ 'x'*9999 }}{% endfor %}{% endmacro %}{{ m() }}",
            "phép *: tổng giá trị mẫu Word tạo ra vượt giới hạn 50000000",
        ),
    ],
)
def test_a_huge_value_is_refused_before_it_is_built(tmp_path: Path, line: str, refused: str) -> None:
    tracemalloc.start()
    try:
        message = render_error(tmp_path, line)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert message.startswith(REFUSED + refused), message
    assert "vượt giới hạn" in message
    assert "(gần: “" in message
    assert line[:50] in message  # located: the template text around it is quoted
    assert peak < PEAK_BYTES, peak  # refused before it was built: nothing near its size was allocated


def test_a_huge_format_on_the_command_line(tmp_path: Path) -> None:
    template = template_with(tmp_path, "{{ '{a:>{w}}'.format_map({'a': 'x', 'w': 10**9}) }}")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(EXAMPLES["002"]), "-o", str(out), "--template", str(template)])
    assert result.exit_code == 1, result.output
    assert result.output.startswith(
        f"{template}: lỗi: {REFUSED}định dạng '{{a:>{{w}}}}' (độ rộng 1000000000) vượt giới hạn 100000 phần tử/ký tự)"
    )
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())


def test_everything_built_counts_towards_one_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each value is small, all of them are not: the budget of a render stops it.
    monkeypatch.setattr(_template_sizes, "MAX_BUILT", 1_000_000)
    each = "{{ ('{0}'*10).format('x'*1000) }}"  # about 21 000 characters built, 10 000 printed
    with pytest.raises(SecurityError) as error:
        render_text("{% for i in range(100) %}" + each + "{% endfor %}")
    assert str(error.value).endswith(": tổng giá trị mẫu Word tạo ra vượt giới hạn 1000000 phần tử/ký tự")
    assert render_text("{% for i in range(40) %}" + each + "{% endfor %}") == "x" * 400_000
    # ... a budget per render: the next one starts afresh.
    assert render_text(each) == "x" * 10_000


@pytest.mark.parametrize(
    ("source", "printed"),
    [
        ("{{ '{} {:>8}|{:<4}|{:^5}|{a}'.format(agency, 'x', 'ab', 'c', a=1) }}", "UBND xã        x|ab  |  c  |1"),
        ("{{ '{n:{w}}|{v:.{p}f}'.format_map({'n': 7, 'w': 3, 'v': 2.5, 'p': 2}) }}", "  7|2.50"),
        ("{{ '{:,}'.format(12345) }} {{ '{0!r}'.format(bases) }}", "12,345 [&#39;a&#39;, &#39;b&#39;]"),
        ("{{ '%s-%03d-%.2f-%5s-%%' % (agency, 5, 2.5, 'ab') }}", "UBND xã-005-2.50-   ab-%"),
        ("{{ '%(a)s/%(b)05d' % {'a': agency, 'b': 7} }}", "UBND xã/00007"),
        ("{{ '%*d|%-*s|' % (4, 7, 3, 'x') }}", "   7|x  |"),
        ("{{ '%s và %s'|format(*bases) }} {{ '%(x)s'|format(x=agency) }}", "a và b UBND xã"),
        (
            "{{ bases|join(', ') }}; {{ bases|map('upper')|join('/') }}; {{ ('ab'*2).join(['1', '2']) }}",
            "a, b; A/B; 1abab2",
        ),
        (
            "{{ agency ~ ' - ' ~ 3 }} {{ bases + ['c'] }} {{ 'ab' * 3 }} {{ 2 * 21 }}",
            "UBND xã - 3 [&#39;a&#39;, &#39;b&#39;, &#39;c&#39;] ababab 42",
        ),
        ("{{ 'một hai ba'|wordwrap(4, wrapstring='<br/>') }}", "một&lt;br/&gt;hai&lt;br/&gt;ba"),
        (
            "{{ 'a\\nb'|indent(2, true) }}|{{ 'x'|center(5) }}|{{ agency|truncate(5, true, '…', 0) }}",
            "  a\n  b|  x  |UBND…",
        ),
        ("{% macro m(x) %}[{{ x }}]{% endmacro %}{% set y %}Y{{ 1 }}{% endset %}{{ m(agency) }}{{ y }}", "[UBND xã]Y1"),
        (
            "{{ 'a\\tb'.expandtabs(4) }}|{{ 'abc'.translate({98: 'BB'}) }}|{{ 'aXb'.replace('X', '--') }}",
            "a   b|aBBc|a--b",
        ),
    ],
)
def test_ordinary_formatting_prints_as_before(source: str, printed: str) -> None:
    assert render_text(source, bases=["a", "b"]) == printed
