"""`compile_province` on hand-made submissions: edge cases of totals, ratios and warnings."""

from __future__ import annotations

from pathlib import Path

from cchc_docgen.aggregate.compile import State, Submission, compile_province
from cchc_docgen.aggregate.inputs import short_name
from cchc_docgen.forms import load_form
from cchc_docgen.report.derived import Number
from cchc_docgen.report.period import Period

FORM = load_form("soctrang-so-nganh")
PERIOD = Period.parse("2022-Q3")


def agency(n: int, state: State = State.SUBMITTED, **values: Number | None) -> Submission:
    return Submission(
        f"Sở {n} tỉnh X",
        f"Sở {n}",
        state,
        Path(f"so-{n}.yaml"),
        PERIOD,
        FORM,
        values={k.replace("__", "."): v for k, v in values.items()},
    )


def test_ratio_from_summed_parts_and_zero_denominators() -> None:
    agencies = [
        agency(1, I__1__hoan_thanh=0, I__1__de_ra=0),
        agency(2, I__1__hoan_thanh=1, I__1__de_ra=3),
        agency(3, I__1__hoan_thanh=2, I__1__de_ra=None),
        agency(4, State.ERROR, I__1__hoan_thanh=50, I__1__de_ra=50),  # not counted
    ]
    totals = compile_province(agencies, FORM, PERIOD, "tỉnh X").totals
    assert totals["I.1"].total == 33.33  # (0 + 1) / (0 + 3), agency 3 lacks its denominator
    assert totals["I.1.hoan_thanh"].total == 3 and totals["I.1.de_ra"].total == 3
    assert totals["I.1.de_ra"].note() == "1/3 đơn vị để trống"
    only_zero = compile_province([agency(1, I__1__hoan_thanh=0, I__1__de_ra=0)], FORM, PERIOD, "tỉnh X")
    assert only_zero.totals["I.1"].total is None  # 0/0 is no ratio, never 0 %


def test_all_blank_total_stays_blank_and_codes_are_counted() -> None:
    agencies = [agency(1, I__5=1), agency(2, I__5=0), agency(3, I__5=None), agency(4, State.DRAFT, I__5=1)]
    compilation = compile_province(agencies, FORM, PERIOD, "tỉnh X")
    assert compilation.totals["I.1.van_ban"].total is None
    assert compilation.totals["I.1.van_ban"].note() == "4/4 đơn vị để trống"
    assert compilation.totals["I.5"].code_lines() == ["Không: 1/4 đơn vị", "Có: 2/4 đơn vị"]
    assert compilation.totals["I.5"].note() == "1/4 đơn vị để trống"


def test_outliers_need_three_reports_a_positive_median_and_more_than_ten_times() -> None:
    def warned(*values: int | None) -> list[str]:
        agencies = [agency(i, I__1__van_ban=v) for i, v in enumerate(values, start=1)]
        return [w.message for w in compile_province(agencies, FORM, PERIOD, "tỉnh X").warnings]

    assert warned(1, 2, 20) == []  # exactly 10 × the median 2
    assert warned(1, 2, 21) == [
        "Sở 3: I.1 'Số văn bản chỉ đạo CCHC đã ban hành' là 21, lớn hơn 10 lần trung vị 2"
        " của 3 cơ quan đã báo cáo; hãy kiểm tra lại"
    ]
    assert warned(1, 500) == []  # two reports say nothing about what is usual
    assert warned(0, 0, 7) == []  # median 0
    assert warned(1, 2, None, 21) != []  # blanks are not part of the median


def test_identical_numbers_to_last_period() -> None:
    now = [agency(1, I__1__van_ban=3), agency(2, I__1__van_ban=4), agency(3)]
    before = {a.key: a for a in (agency(1, I__1__van_ban=3), agency(2, I__1__van_ban=5), agency(3))}
    messages = [w.message for w in compile_province(now, FORM, PERIOD, "tỉnh X", before).warnings]
    # Agency 3 reported nothing at all: not a repeat worth a warning.
    assert messages == ["Sở 1: mọi số liệu giống hệt quý III năm 2022 (so-1.yaml); có phải gửi nhầm tệp cũ?"]


def test_decimal_sums_have_no_float_noise() -> None:
    from cchc_docgen.aggregate.compile import _sum

    assert _sum([0.1, 0.2]) == 0.3
    assert _sum([1, 2]) == 3 and isinstance(_sum([1, 2]), int)


def test_short_names() -> None:
    assert short_name("Sở Thông tin và Truyền thông tỉnh Sóc Trăng") == "Sở Thông tin và Truyền thông"
    assert short_name("Ủy ban nhân dân huyện Cù Lao Dung") == "UBND huyện Cù Lao Dung"
    assert short_name("Ủy ban nhân dân thành phố Sóc Trăng") == "UBND thành phố Sóc Trăng"
    assert short_name("Ban Quản lý các khu công nghiệp tỉnh Sóc Trăng") == "Ban Quản lý các khu công nghiệp"
