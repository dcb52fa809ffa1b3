"""Reports of today's offices: a UBND xã report without a Phụ lục, an issuing body named on two bold
lines, and signature blocks as Nghị định 30/2020 writes them (TM., KT., Q., TL., TUQ.)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from docx import Document
from openpyxl import load_workbook

from cchc_docgen.report.analysis import analyze

from .conftest import EXAMPLES, ROOT, pdf_text, run_cli
from .test_fields import as_json

COMMUNE = ROOT / "data" / "ubnd-xa-dung-k-no" / "2025-q1.yaml"


def report_text(**changes: object) -> str:
    """A commune report without a Phụ lục (the shipped example), with top-level parts replaced."""
    data = yaml.safe_load(COMMUNE.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def write(tmp_path: Path, text: str, name: str = "bc.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- a report without a Phụ lục ---------------------------------------------------------------


def test_the_commune_example_checks_and_builds_the_bao_cao_alone(tmp_path: Path) -> None:
    result = run_cli("check", COMMUNE)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "Đã kiểm tra 1 tệp: 0 lỗi, 0 cảnh báo."
    out = tmp_path / "out"
    result = run_cli("build", COMMUNE, "-o", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["xa-dung-kno-2025-q1-bao-cao.docx"]
    document = Document(str(out / "xa-dung-kno-2025-q1-bao-cao.docx"))
    agency = document.tables[0].cell(0, 0).paragraphs[0]
    assert agency.text.split("\n") == ["ỦY BAN NHÂN DÂN", "XÃ ĐƯNG K’NỚ"]
    assert agency.runs and all(run.bold is not False for run in agency.runs)
    # no regular-weight parent line above a UBND's own name
    assert next(p.text for p in document.tables[0].cell(0, 0).paragraphs if p.text.strip()) == agency.text


def test_appendix_alone_says_there_is_no_phu_luc(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("appendix", COMMUNE, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.output == f"{COMMUNE}: cảnh báo: báo cáo không có phụ lục (appendix) nên không tạo Phụ lục\n"
    assert not out.exists() or list(out.iterdir()) == []


def test_a_reference_to_the_table_is_an_error_without_one(tmp_path: Path) -> None:
    narrative = [{"title": "Kết quả", "content": ['Ban hành {{ pl["I.1.van_ban"] }} văn bản.']}]
    path = write(tmp_path, report_text(narrative=narrative))
    result = run_cli("check", path)
    assert result.exit_code == 1
    assert (
        ': lỗi: tham chiếu pl["I.1.van_ban"]: báo cáo không có phụ lục (appendix) nên không có số liệu để lấy;'
        " hãy gõ số vào lời văn, hoặc thêm phần appendix với biểu mẫu của tỉnh"
    ) in result.output


def test_a_report_that_drops_its_appendix_removes_the_old_phu_luc(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with_table = write(tmp_path, EXAMPLES["002"].read_text(encoding="utf-8"), "huyen.yaml")
    assert run_cli("build", with_table, "-o", out).exit_code == 0
    data = yaml.safe_load(with_table.read_text(encoding="utf-8"))
    del data["appendix"]
    data["narrative"] = [{"title": "Kết quả", "content": ["Không có số liệu."]}]
    with_table.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run_cli("build", with_table, "-o", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["huyen-cu-lao-dung-2023-q1-bao-cao.docx"]
    assert "huyen-cu-lao-dung-2023-q1-phu-luc.xlsx: cảnh báo: đã xóa bản cũ" in result.output


def test_diff_init_from_and_schema_handle_a_report_without_a_phu_luc(tmp_path: Path) -> None:
    result = run_cli("diff", EXAMPLES["002"], COMMUNE)
    assert result.exit_code == 0, result.output
    assert "Biểu mẫu phụ lục: soctrang-cap-huyen → (không có phụ lục)" in result.output
    target = tmp_path / "2025-q2.yaml"
    result = run_cli("init", "--from", COMMUNE, "--period", "2025-Q2", "-o", target)
    assert result.exit_code == 0, result.output
    assert run_cli("check", target).exit_code == 0
    schema_file = tmp_path / "khong-phu-luc.schema.json"
    assert target.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=khong-phu-luc.schema.json")
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    jsonschema.validate(as_json(yaml.safe_load(COMMUNE.read_text(encoding="utf-8"))), schema)
    jsonschema.validate(as_json(yaml.safe_load(target.read_text(encoding="utf-8"))), schema)
    result = run_cli("schema")
    assert result.exit_code == 0 and json.loads(result.output) == schema


def test_aggregate_lists_a_report_without_a_phu_luc(tmp_path: Path) -> None:
    result = run_cli("aggregate", EXAMPLES["004"], COMMUNE, "-o", tmp_path / "out")
    sheet = load_workbook(next((tmp_path / "out").glob("*tong-hop.xlsx")))["Tình trạng nộp"]
    states = {row[1]: row[6] for row in sheet.iter_rows(min_row=5, values_only=True) if row[1]}
    assert states["Ủy ban nhân dân xã Đưng K’Nớ"] == "không có phụ lục", result.output
    assert states["Sở Thông tin và Truyền thông tỉnh Sóc Trăng"] == "đã nộp"


# --- init for the body at hand ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "heading", "signer"),
    [
        ("xa", ["ỦY BAN NHÂN DÂN", "XÃ …"], ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
        ("tinh", ["ỦY BAN NHÂN DÂN", "TỈNH …"], ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
        ("so", ["SỞ …"], ["GIÁM ĐỐC"]),
    ],
)
def test_init_prefills_what_each_body_writes(tmp_path: Path, body: str, heading: list[str], signer: list[str]) -> None:
    target = tmp_path / f"{body}.yaml"
    result = run_cli("init", "--period", "2025-Q3", "--co-quan", body, "-o", target)
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert "appendix" not in data  # no form chosen: no Phụ lục, the way to add one in a comment
    assert "# appendix:" in text
    assert data["agency"]["name"].split("\n") == heading
    assert ("parent" in data["agency"]) is (body == "so")
    check = run_cli("check", target)
    assert check.exit_code == 0, check.output
    out = tmp_path / "out"
    assert run_cli("build", target, "-o", out).exit_code == 0
    (docx,) = out.glob("*.docx")
    document = Document(str(docx))
    signature = document.tables[-1].cell(0, 1)
    assert [p.text for p in signature.paragraphs if p.text.strip()][: len(signer)] == signer


# --- signature forms ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("signature", "lines"),
    [
        ({"authority": "CHỦ TỊCH"}, ["CHỦ TỊCH"]),
        ({"prefix": "TM.", "authority": "Ủy ban nhân dân", "title": "Chủ tịch"}, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
        (
            {"collective": "ỦY BAN NHÂN DÂN", "prefix": "KT.", "authority": "CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH"},
            ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        ),
        ({"prefix": "KT.", "authority": "GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC"}, ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]),
        ({"prefix": "Q.", "authority": "GIÁM ĐỐC"}, ["Q. GIÁM ĐỐC"]),
        ({"prefix": "TL.", "authority": "GIÁM ĐỐC", "title": "CHÁNH VĂN PHÒNG"}, ["TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"]),
        ({"prefix": "TUQ.", "authority": "GIÁM ĐỐC", "title": "TRƯỞNG PHÒNG"}, ["TUQ. GIÁM ĐỐC", "TRƯỞNG PHÒNG"]),
        (  # thừa lệnh given on to the unit's deputy (Nghị định 30/2020, Điều 13)
            {"by_order_of": "GIÁM ĐỐC", "prefix": "KT.", "authority": "CHÁNH VĂN PHÒNG"}
            | {"title": "PHÓ CHÁNH VĂN PHÒNG"},
            ["TL. GIÁM ĐỐC", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"],
        ),
    ],
)
def test_signature_blocks_print_as_the_decree_writes_them(
    tmp_path: Path, signature: dict[str, str], lines: list[str]
) -> None:
    signature = {**signature, "name": "Nguyễn Văn A", "distribution": ["Như trên", "Lưu: VT"]}
    path = write(tmp_path, report_text(signature=signature))
    out = tmp_path / "out"
    result = run_cli("build", path, "-o", out)
    assert result.exit_code == 0, result.output
    assert "cảnh báo" not in result.output
    cell = Document(str(next(out.glob("*.docx")))).tables[-1].cell(0, 1)
    printed = [p.text for p in cell.paragraphs if p.text.strip()]
    assert printed == [*lines, "Nguyễn Văn A"]
    for paragraph in cell.paragraphs:
        if paragraph.text.strip():
            assert all(run.bold is not False for run in paragraph.runs if run.text.strip())


@pytest.mark.parametrize(
    ("signature", "message"),
    [
        (
            {"prefix": "KT.", "authority": "CHỦ TỊCH"},
            "lỗi: có 'KT.' thì cần title (chức vụ người ký, ví dụ PHÓ GIÁM ĐỐC)",
        ),
        (
            {"prefix": "TL.", "authority": "GIÁM ĐỐC"},
            "lỗi: có 'TL.' thì cần title (chức vụ người ký, ví dụ CHÁNH VĂN PHÒNG)",
        ),
        (
            {"collective": "ỦY BAN NHÂN DÂN", "authority": "CHỦ TỊCH"},
            "lỗi: collective (dòng 'TM. …') chỉ dùng khi cấp phó ký thay (prefix: KT.)",
        ),
        (
            {"by_order_of": "GIÁM ĐỐC", "prefix": "TL.", "authority": "GIÁM ĐỐC", "title": "CHÁNH VĂN PHÒNG"},
            "lỗi: by_order_of (dòng 'TL. …') chỉ dùng khi cấp phó của đơn vị ký thay (prefix: KT.)",
        ),
        (
            {
                "collective": "ỦY BAN NHÂN DÂN",
                "by_order_of": "CHỦ TỊCH",
                "prefix": "KT.",
                "authority": "CHÁNH VĂN PHÒNG",
                "title": "PHÓ CHÁNH VĂN PHÒNG",
            },
            "lỗi: chỉ một dòng trên cùng: collective (TM. …) hoặc by_order_of (TL. …)",
        ),
        (
            {"prefix": "TM.", "authority": "CHỦ TỊCH", "title": "CHỦ TỊCH"},
            "cảnh báo: sau 'TM.' (thay mặt) là tên tập thể, không phải chức vụ 'CHỦ TỊCH'",
        ),
        (
            {"prefix": "KT.", "authority": "CHỦ TỊCH", "title": "CHỦ TỊCH"},
            "cảnh báo: 'KT. CHỦ TỊCH' cần dòng chức vụ của cấp phó ký thay (ví dụ PHÓ CHỦ TỊCH)",
        ),
    ],
)
def test_check_catches_the_usual_signature_slips(tmp_path: Path, signature: dict[str, str], message: str) -> None:
    path = write(tmp_path, report_text(signature={**signature, "distribution": ["Lưu: VT"]}))
    result = run_cli("check", path)
    assert message in result.output
    assert result.exit_code == (1 if "lỗi:" in message else 0)


# --- the heading ----------------------------------------------------------------------------------


def test_a_parent_that_begins_the_bodys_own_name_is_warned(tmp_path: Path) -> None:
    agency = {
        "parent": "ỦY BAN NHÂN DÂN",
        "name": "XÃ ĐƯNG K’NỚ",
        "full_name": "Ủy ban nhân dân xã Đưng K’Nớ",
        "place": "Đưng K’Nớ",
    }
    path = write(tmp_path, report_text(agency=agency))
    result = run_cli("check", path)
    assert result.exit_code == 0
    assert (
        "cảnh báo: 'ỦY BAN NHÂN DÂN' là dòng đầu của tên cơ quan ban hành, không phải cơ quan chủ quản: dòng parent"
        ' in chữ thường (không đậm); hãy viết name: "ỦY BAN NHÂN DÂN\\nXÃ ĐƯNG K’NỚ" (cả hai dòng in đậm)'
        " và xóa parent"
    ) in result.output
    # a real parent body is not warned of
    real = write(
        tmp_path, report_text(agency={**agency, "parent": "UBND TỈNH LÂM ĐỒNG", "name": "SỞ NỘI VỤ"}), "so.yaml"
    )
    assert "cơ quan chủ quản" not in run_cli("check", real).output


def test_file_names_come_from_the_bodys_own_name() -> None:
    report = analyze(COMMUNE).report
    assert report is not None
    assert report.agency.name == "XÃ ĐƯNG K’NỚ"
    assert report.agency.heading_lines == ("ỦY BAN NHÂN DÂN", "XÃ ĐƯNG K’NỚ")


def test_a_draft_with_number_and_date_is_warned(tmp_path: Path) -> None:
    data = yaml.safe_load(COMMUNE.read_text(encoding="utf-8"))
    data["document"].update({"draft": True, "number": 31, "date": "2025-03-07"})
    path = write(tmp_path, yaml.safe_dump(data, allow_unicode=True))
    result = run_cli("check", path)
    assert "cảnh báo: văn bản đã có số 31 và ngày nhưng vẫn ghi 'draft: true'" in result.output


def test_an_unknown_field_lists_the_valid_ones(tmp_path: Path) -> None:
    data = yaml.safe_load(EXAMPLES["002"].read_text(encoding="utf-8"))
    data["appendix"]["bieu_mau"] = "x"
    path = write(tmp_path, yaml.safe_dump(data, allow_unicode=True))
    result = run_cli("check", path)
    assert (
        "lỗi: trường không hợp lệ 'bieu_mau' trong 'appendix'; các trường dùng được: form, version, heading, title,"
        " leading_zero, values"
    ) in result.output


@pytest.mark.libreoffice
def test_build_pdf_of_a_report_without_a_phu_luc_writes_the_bao_cao_and_its_pdf(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("build", COMMUNE, "--pdf", "-o", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "xa-dung-kno-2025-q1-bao-cao.docx",
        "xa-dung-kno-2025-q1-bao-cao.pdf",
    ]
    text = pdf_text(out / "xa-dung-kno-2025-q1-bao-cao.pdf")
    for line in ("ỦY BAN NHÂN DÂN", "XÃ ĐƯNG K’NỚ", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"):
        assert line in text
    assert "PHỤ LỤC" not in text
