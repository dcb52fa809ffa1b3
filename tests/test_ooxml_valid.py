"""Every DOCX and XLSX the tool writes is valid Office Open XML (ISO/IEC 29500-4 transitional).

LibreOffice forgives what Word does not ("Word found unreadable content"): each XML part of the
BÁO CÁO, the Phụ lục DOCX and XLSX, the `aggregate` outputs and the shipped templates is validated
against the schema of its content type, after markup compatibility is applied as Word does.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from .conftest import EXAMPLES, ROOT, run_cli
from .ooxml import package_errors
from .ooxml.validate import apply_compatibility, part_errors, understood_namespaces
from .province import Agency, write_agency

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
SETTINGS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"


def run(*args: str | Path) -> None:
    result = run_cli(*args)
    assert result.exit_code == 0, result.output


def outputs(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".docx", ".xlsx"))


def assert_valid(path: Path) -> None:
    errors = package_errors(path)
    assert not errors, f"{path.name}:\n" + "\n".join(errors)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The three examples built with `cchc-docgen build` (BÁO CÁO, Phụ lục DOCX and XLSX)."""
    out = tmp_path_factory.mktemp("built")
    run("build", *EXAMPLES.values(), "-o", out, "-j", "1")
    return outputs(out)


def test_every_example_writes_three_packages(built: list[Path]) -> None:
    names = [p.name for p in built]
    assert len(names) == 9
    for kind in ("bao-cao.docx", "phu-luc.docx", "phu-luc.xlsx"):
        assert sum(name.endswith(kind) for name in names) == 3


@pytest.mark.parametrize("index", range(9))
def test_built_packages_are_valid(built: list[Path], index: int) -> None:
    assert_valid(built[index])


@pytest.mark.parametrize("name", ["bao-cao.docx", "phu-luc.docx"])
def test_shipped_templates_are_valid(name: str) -> None:
    assert_valid(ROOT / "templates" / name)


def _without_zoom_percent(template: Path) -> None:
    """Rewrite `template`'s settings as python-docx's blank document has them: w:zoom without w:percent."""
    buffer = io.BytesIO(template.read_bytes())
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/settings.xml":
                settings = etree.fromstring(data)
                zoom = settings.find(f"{{{W}}}zoom")
                assert zoom is not None
                zoom.attrib.pop(f"{{{W}}}percent")
                data = etree.tostring(settings, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(item, data)


def test_custom_template_output_is_valid(tmp_path: Path) -> None:
    """A copy of the template, edited with python-docx (a paragraph added, the zoom of a blank
    python-docx document): the BÁO CÁO built from it is valid all the same."""
    template = tmp_path / "mau-rieng.docx"
    shutil.copy(ROOT / "templates" / "bao-cao.docx", template)
    document = docx.Document(str(template))
    document.add_paragraph("Mẫu riêng của đơn vị")
    document.save(str(template))
    _without_zoom_percent(template)
    assert package_errors(template) == [
        f"word/settings.xml:2: Element '{{{W}}}zoom': The attribute '{{{W}}}percent' is required but missing."
    ]
    out = tmp_path / "out"
    run("build", EXAMPLES["002"], "--template", template, "-o", out)
    (report,) = (p for p in outputs(out) if p.name.endswith("bao-cao.docx"))
    assert_valid(report)
    with zipfile.ZipFile(report) as package:
        zoom = etree.fromstring(package.read("word/settings.xml")).find(f"{{{W}}}zoom")
    assert zoom is not None and zoom.get(f"{{{W}}}percent") == "100"
    assert "Mẫu riêng của đơn vị" in [p.text for p in docx.Document(str(report)).paragraphs]


#: A report using every construct of the narrative the examples do not: footnotes, merged and
#: bold table rows, fixed widths, lists of every marker, lettered and renumbered headings.
FEATURES = """\
agency:
  parent: "UBND TỈNH SÓC TRĂNG"
  name: "SỞ NỘI VỤ"
  full_name: "Sở Nội vụ tỉnh Sóc Trăng"
  place: "Sóc Trăng"
period: 2023-6T
document:
  number: 7
  symbol: "BC-SNV"
  date: 2023-06-20
  recipients: ["Ủy ban nhân dân tỉnh Sóc Trăng", "Bộ Nội vụ"]
  bases: ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"]
  opening: "Sở Nội vụ báo cáo **kết quả**^[Theo *Kế hoạch* số 03/KH-SNV.] như sau:"
narrative:
  - title: "Kết quả"
    content:
      - title: "Cải cách thể chế"
        content:
          - text: "Đã ban hành kế hoạch năm."
            footnote: "Kế hoạch số 03/KH-SNV ngày 19/01/2023."
          - "Dòng một\\ndòng hai và ***đậm nghiêng***."
          - 'Tiêu chí có dấu \\*.'
          - list: ["ý thứ nhất", "ý thứ hai"]
          - {list: ["một", "hai"], marker: "1)", start: 3}
          - {list: ["a", "b"], marker: "+"}
          - table:
              widths: [1, 5, 2, 2]
              header:
                - [{text: "STT", rowspan: 2}, {text: "Đơn vị", rowspan: 2}, {text: "Hồ sơ", colspan: 2}]
                - ["Tiếp nhận", "Giải quyết"]
              rows:
                - {bold: true, cells: ["I", "QUÝ I", "25", "25"]}
                - ["1", {text: "Phòng *A*", rowspan: 2}, "10", "9"]
                - ["2", "", "5", "5"]
              total: [{text: "Tổng cộng", colspan: 2}, "15", "14"]
          - title: "Văn bản quy phạm pháp luật"
            number: "1.1"
            content: ["Nội dung 1.1."]
      - title: "Cải cách công vụ"
        letters: "a."
        content:
          - title: "Tuyển dụng công chức:"
            italic: true
            content: ["Đã tuyển 02 công chức."]
  - title: "Nhận xét, đánh giá"
    number: "IV."
    letters: true
    content:
      - title: "Ưu điểm"
        content: ["Tốt."]
closing: "Trên đây là báo cáo./."
signature:
  prefix: "KT."
  authority: "GIÁM ĐỐC"
  title: "PHÓ GIÁM ĐỐC"
  name: "Nguyễn Văn A"
  distribution: ["Như trên", "Lưu: VT, VP"]
appendix:
  form: soctrang-so-nganh
  values:
    I.1.de_ra: 10
    I.1.hoan_thanh: 8
    I.1: {note: "Kế hoạch số 02/KH-SNV\\n- có gạch đầu dòng\\n+ và dấu cộng"}
"""


def test_every_narrative_construct_is_valid(tmp_path: Path) -> None:
    source = tmp_path / "bao-cao.yaml"
    source.write_text(FEATURES, encoding="utf-8")
    out = tmp_path / "out"
    run("build", source, "-o", out)
    written = outputs(out)
    assert len(written) == 3
    for path in written:
        assert_valid(path)
    (report,) = (p for p in written if p.name.endswith("bao-cao.docx"))
    with zipfile.ZipFile(report) as package:
        notes = etree.fromstring(package.read("word/footnotes.xml"))
        body = etree.fromstring(package.read("word/document.xml"))
    assert len(notes.findall(f"{{{W}}}footnote")) == 4  # two separators, two notes
    assert len(list(body.iter(f"{{{W}}}gridSpan"))) >= 2 and len(list(body.iter(f"{{{W}}}vMerge"))) >= 2


def test_aggregate_outputs_are_valid(tmp_path: Path) -> None:
    agencies = [Agency(slug, f"Sở {slug.title()} tỉnh Sóc Trăng", factor) for slug, factor in (("an", 1), ("binh", 2))]
    files = [write_agency(tmp_path, agency, index) for index, agency in enumerate(agencies)]
    out = tmp_path / "out"
    run("aggregate", *files, "-o", out)
    written = outputs(out)
    assert sorted(p.name.rsplit("-", 2)[-1] for p in written) == ["hop.xlsx", "luc.docx", "luc.xlsx"]
    for path in written:
        assert_valid(path)


def test_drawn_rules_are_a_choice_for_readers_of_wps(built: list[Path]) -> None:
    """The short rules are shapes Word 2010+ and LibreOffice draw; a reader of the standard alone
    skips them (mc:AlternateContent requiring wps) instead of failing on them."""
    (report,) = (p for p in built if p.name.startswith("huyen-cu-lao-dung") and p.name.endswith("bao-cao.docx"))
    with zipfile.ZipFile(report) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    shapes = list(body.iter(f"{{{WPS}}}wsp"))
    assert len(shapes) == 3  # under the agency, the Tiêu ngữ and the trích yếu
    for shape in shapes:
        choice = next(a for a in shape.iterancestors() if a.tag == f"{{{MC}}}Choice")
        assert choice.get("Requires") == "wps"
        assert choice.nsmap["wps"] == WPS
        assert choice.getparent().tag == f"{{{MC}}}AlternateContent"


# --- the validator itself: it finds what Word refuses ------------------------------------------


def _document(body: str, root_attributes: str = "") -> bytes:
    return (
        f'<w:document xmlns:w="{W}" xmlns:mc="{MC}" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
        f'xmlns:wps="{WPS}" {root_attributes}><w:body>{body}</w:body></w:document>'
    ).encode()


def test_validator_reports_children_out_of_schema_order() -> None:
    good = "<w:p><w:pPr><w:keepNext/><w:jc w:val='center'/></w:pPr></w:p>"
    bad = "<w:p><w:pPr><w:jc w:val='center'/><w:keepNext/></w:pPr></w:p>"
    assert part_errors("word/document.xml", _document(good), DOCUMENT_TYPE) == []
    (error,) = part_errors("word/document.xml", _document(bad), DOCUMENT_TYPE)
    assert "keepNext" in error and "not expected" in error


def test_validator_drops_ignorable_extensions_and_keeps_fallbacks() -> None:
    body = (
        "<w:p w14:paraId='1A2B3C4D'><w:r><w:t>a</w:t></w:r><w14:unknown/></w:p>"
        "<mc:AlternateContent><mc:Choice Requires='wps'><w:p><wps:wsp/></w:p></mc:Choice>"
        "<mc:Fallback><w:p><w:r><w:t>b</w:t></w:r></w:p></mc:Fallback></mc:AlternateContent>"
    )
    data = _document(body, 'mc:Ignorable="w14"')
    assert part_errors("word/document.xml", data, DOCUMENT_TYPE) == []
    root = etree.fromstring(data)
    apply_compatibility(root, understood_namespaces())
    assert [t.text for t in root.iter(f"{{{W}}}t")] == ["a", "b"]
    assert not any(etree.QName(e).namespace in (MC, WPS) for e in root.iter())
    assert not any(etree.QName(name).namespace == MC for e in root.iter() for name in e.attrib)


def test_validator_reports_extensions_that_are_not_ignorable() -> None:
    (error,) = part_errors("word/document.xml", _document("<w:p><w14:unknown/></w:p>"), DOCUMENT_TYPE)
    assert "unknown" in error


def test_validator_reports_zoom_without_percent_and_unknown_parts() -> None:
    settings = f'<w:settings xmlns:w="{W}"><w:zoom w:val="bestFit"/></w:settings>'.encode()
    (error,) = part_errors("word/settings.xml", settings, SETTINGS_TYPE)
    assert "percent" in error
    assert part_errors("word/x.xml", b"<x/>", None) == ["word/x.xml: no content type in [Content_Types].xml"]
    assert part_errors("word/x.xml", settings, DOCUMENT_TYPE)[0].startswith("word/x.xml: root ")
