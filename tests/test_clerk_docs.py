"""The clerk-typed test documents: they open, say what their truth says, and really carry their habits."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from tests.clerk_docs import (
    CLERK_DOCS,
    LIBREOFFICE_DOC_FORMAT,
    LIBREOFFICE_DOCS,
    build_all,
    libreoffice_copy,
    normalize_space,
    resave,
)
from tests.clerk_docs_changes import DELETED_PARAGRAPH
from tests.clerk_docs_truth import Truth
from tests.conftest import pdf_text, soffice_to_pdf
from tests.ooxml import package_errors

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
HIDDEN = {f"{{{W}}}del", f"{{{W}}}moveFrom", f"{{{MC}}}Fallback"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_all(tmp_path_factory.mktemp("clerk-word"))


def _xml(path: Path, part: str) -> etree._Element | None:
    with zipfile.ZipFile(path) as z:
        if part not in z.namelist():
            return None
        return etree.fromstring(z.read(part))


def _paragraph_texts(root: etree._Element) -> list[str]:
    """Final text of each paragraph: deleted and moved-away runs and VML fallbacks left out."""
    out = []
    for p in root.iter(f"{{{W}}}p"):
        if any(a.tag in HIDDEN for a in p.iterancestors()):
            continue
        parts = []
        for el in p.iter(f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br", f"{{{W}}}p"):
            if el.tag == f"{{{W}}}p":
                continue  # the paragraph itself, or a text box's paragraph read on its own
            owner = next(el.iterancestors(f"{{{W}}}p"))
            if owner is not p or any(a.tag in HIDDEN for a in el.iterancestors()):
                continue
            parts.append(el.text or "" if el.tag == f"{{{W}}}t" else " ")
        out.append("".join(parts))
    return out


def visible_text(path: Path) -> str:
    """Body, tables, text boxes, headers and footnotes, whitespace normalized, one line per paragraph."""
    texts = _paragraph_texts(_xml(path, "word/document.xml"))  # type: ignore[arg-type]
    notes = _xml(path, "word/footnotes.xml")
    if notes is not None:
        texts += _paragraph_texts(notes)
    return "\n".join(normalize_space(t) for t in texts)


def _missing(truth: Truth, text: str) -> list[str]:
    flat = normalize_space(text)
    return [t for t in truth.visible_texts() if normalize_space(t) not in flat]


@pytest.mark.parametrize("name", CLERK_DOCS)
def test_opens_and_says_its_truth(built: dict[str, Path], name: str) -> None:
    truth, _ = CLERK_DOCS[name]
    document = docx.Document(str(built[name]))
    assert document.paragraphs
    text = visible_text(built[name])
    assert _missing(truth, text) == []
    assert DELETED_PARAGRAPH not in text
    assert "None" not in text.split()


@pytest.mark.parametrize("name", CLERK_DOCS)
def test_habits_are_in_the_xml(built: dict[str, Path], name: str) -> None:
    truth, habits = CLERK_DOCS[name]
    path = built[name]
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        doc = z.read("word/document.xml").decode()
        numbering = z.read("word/numbering.xml").decode()
        headers = "".join(z.read(n).decode() for n in names if n.startswith("word/header"))
    body_text = visible_text(path)
    first = next(truth.headings())

    assert ("<w:tbl>" in doc.split("BÁO CÁO")[0]) == (habits.header == "table")
    assert '<w:pgSz w:w="11906" w:h="16838"/>' in doc  # A4 portrait for the BÁO CÁO
    if habits.header == "textboxes":
        assert "<w:txbxContent>" in doc and "<mc:Fallback>" in doc and "<v:textbox" in doc
    if habits.header == "tabs":
        assert '<w:tab w:val="center"' in doc
    if habits.numbering == "word-styles":
        styles = z_styles(path)
        assert "<w:numPr>" in styles and 'w:val="upperRoman"' in numbering and "<w:pStyle " in numbering
        assert f"{first.number} {first.text}" not in body_text
    elif habits.numbering == "word":
        assert 'w:val="upperRoman"' in numbering and 'w:val="%2.%3."' in numbering and "<w:numPr>" in doc
        assert f"{first.number} {first.text}" not in body_text
    else:
        assert first.number + " " + first.text in body_text or first.number + "\t" in doc
    if habits.formatting == "direct":
        assert '<w:rFonts w:ascii="Times New Roman"' in doc and "<w:b/>" in doc
    else:
        style = "Heading1" if habits.formatting == "styles" else "mục"
        assert "<w:pStyle" in doc and style in z_styles(path)
    if habits.dashes == "list":
        assert 'w:lvlText w:val="-"' in numbering
    if habits.dashes == "tab" and any(p.marker for p in truth.paragraphs()):
        assert '<w:t xml:space="preserve">-</w:t><w:tab/>' in doc
    if habits.tracked_changes:
        assert "<w:ins " in doc and "<w:del " in doc and "<w:delText" in doc
        assert "<w:moveFrom " in doc and "<w:moveTo " in doc
    if habits.comments:
        assert "word/comments.xml" in names and "<w:commentRangeStart" in doc and "<w:commentReference" in doc
    if habits.fields:
        assert 'w:fldCharType="begin"' in headers and "PAGE" in headers and "<w:titlePg/>" in doc
    if habits.messy:
        assert "<w:br/>" in doc and "\u00a0" in doc and 'w:rsidR="' in doc
        assert '<w:proofErr w:type="spellStart"/>' in doc and 'w:name="_GoBack"' in doc
        assert "<w:lastRenderedPageBreak/>" in doc
    if habits.hyperlinks:
        assert "<w:hyperlink " in doc and "mailto:" in z_rels(path)
    if any(True for _ in truth.footnotes()):
        notes = _xml(path, "word/footnotes.xml")
        assert notes is not None and "<w:footnoteReference" in doc
        assert {n.get(f"{{{W}}}id") for n in notes if n.get(f"{{{W}}}type")} == {"-1", "0"}
    if truth.appendix is not None:
        assert 'w:orient="landscape"' in doc and doc.count("<w:sectPr") == 2
        assert "<w:tblHeader/>" in doc
        cells = [c for row in truth.appendix.header for c in row]
        if any(c.col_span > 1 for c in cells):
            assert "<w:gridSpan" in doc
        if any(c.row_span > 1 for c in cells):
            assert '<w:vMerge w:val="restart"/>' in doc and "<w:vMerge/>" in doc


def z_rels(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/_rels/document.xml.rels").decode()


def z_styles(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/styles.xml").decode()


def test_every_habit_is_used() -> None:
    labels = {label for _, habits in CLERK_DOCS.values() for label in habits.labels()}
    expected = {f"header={h}" for h in ("table", "tabs", "textboxes")} | {
        "numbering=typed",
        "numbering=word",
        "numbering=word-styles",
        "formatting=direct",
        "formatting=styles",
        "formatting=styles-vi",
        "dashes=typed",
        "dashes=tab",
        "dashes=list",
        "messy",
        "tracked_changes",
        "comments",
        "fields",
        "en_dash_items",
        "hyperlinks",
    }
    assert expected <= labels
    truths = [t for t, _ in CLERK_DOCS.values()]
    assert any(any(True for _ in t.footnotes()) for t in truths)
    assert any(t.appendix is None for t in truths) and any(t.appendix is not None for t in truths)
    assert any(any(c.row_span > 1 for row in tb.rows for c in row) for t in truths for tb in t.tables())
    assert any(
        "/BC-UBND" in t.header.number and not t.header.number[4:].strip().startswith(tuple("0123456789"))
        for t in truths
    )


@pytest.mark.parametrize("name", LIBREOFFICE_DOCS)
def test_libreoffice_copies_say_their_truth(name: str) -> None:
    path = libreoffice_copy(name)
    assert path.exists(), "run: python -m tests.clerk_docs --resave"
    docx.Document(str(path))
    assert _missing(CLERK_DOCS[name][0], visible_text(path)) == []


def test_libreoffice_doc_copy_is_old_format() -> None:
    path = libreoffice_copy(LIBREOFFICE_DOC_FORMAT, ".doc")
    assert path.read_bytes()[:8] == bytes.fromhex("D0CF11E0A1B11AE1")


@pytest.mark.parametrize("name", CLERK_DOCS)
def test_valid_office_open_xml(built: dict[str, Path], name: str) -> None:
    """Word would open it: every part validates against the transitional schema."""
    assert package_errors(built[name]) == []


@pytest.mark.parametrize("name", [n for n, (t, _) in CLERK_DOCS.items() if any(True for _ in t.footnotes())])
def test_footnote_marks_stand_where_the_truth_puts_them(built: dict[str, Path], name: str) -> None:
    truth, _ = CLERK_DOCS[name]
    expected = [(p.text[: n.offset], n.text) for p in truth.paragraphs() for n in p.footnotes]
    root = _xml(built[name], "word/document.xml")
    notes = _xml(built[name], "word/footnotes.xml")
    assert root is not None and notes is not None
    refs = [r for r in root.iter(f"{{{W}}}footnoteReference") if not any(a.tag in HIDDEN for a in r.iterancestors())]
    assert len(refs) == len(expected)
    note_text = {n.get(f"{{{W}}}id"): normalize_space(" ".join(_paragraph_texts(n))) for n in notes}
    for ref, (before, text) in zip(refs, expected, strict=True):
        paragraph = next(ref.iterancestors(f"{{{W}}}p"))
        shown = []
        for el in paragraph.iter(f"{{{W}}}t", f"{{{W}}}footnoteReference"):
            if el is ref:
                break
            if el.tag == f"{{{W}}}t" and not any(a.tag in HIDDEN for a in el.iterancestors()):
                shown.append(el.text or "")
        assert normalize_space("".join(shown)).endswith(normalize_space(before)[-60:])
        assert note_text[ref.get(f"{{{W}}}id")] == normalize_space(text)


@pytest.mark.parametrize("name", [n for n, (_, h) in CLERK_DOCS.items() if h.tracked_changes])
def test_tracked_changes_are_not_final_text(built: dict[str, Path], name: str) -> None:
    text = visible_text(built[name])
    assert "số liệu cũ" not in text and DELETED_PARAGRAPH not in text
    with zipfile.ZipFile(built[name]) as z:
        doc = z.read("word/document.xml").decode()
    assert "số liệu cũ" in doc and DELETED_PARAGRAPH in doc  # still there, as deleted text


def test_en_dash_items_are_typed(built: dict[str, Path]) -> None:
    names = [n for n, (_, h) in CLERK_DOCS.items() if h.en_dash_items]
    assert names
    for name in names:
        with zipfile.ZipFile(built[name]) as z:
            assert '<w:t xml:space="preserve">– </w:t>' in z.read("word/document.xml").decode()


@pytest.mark.libreoffice
def test_resave_regenerates_the_libreoffice_copies(tmp_path: Path) -> None:
    """`python -m tests.clerk_docs --resave` works and its copies still say their truth."""
    resave(tmp_path)
    for name in LIBREOFFICE_DOCS:
        assert _missing(CLERK_DOCS[name][0], visible_text(tmp_path / f"{name}.docx")) == []
    assert (tmp_path / f"{LIBREOFFICE_DOC_FORMAT}.doc").read_bytes()[:4] == bytes.fromhex("D0CF11E0")


@pytest.mark.libreoffice
def test_word_numbering_prints_the_truth_numbers(built: dict[str, Path], tmp_path: Path) -> None:
    """Where the numbers live in numbering.xml, a renderer prints exactly the truth's "1.4.5." and "b)";
    and no paragraph of the truth is lost when the document is printed."""
    names = list(CLERK_DOCS)
    pdfs = soffice_to_pdf([built[n] for n in names], tmp_path, tmp_path / "profile")
    for name, pdf in zip(names, pdfs, strict=True):
        truth, _ = CLERK_DOCS[name]
        printed = normalize_space(pdf_text(pdf))
        for h in truth.headings():
            if h.number:
                assert normalize_space(f"{h.number} {h.text}")[:40] in printed, (name, h.number)
        compact = printed.replace(" ", "")  # lines wrapped inside narrow cells split words
        narrative = [p.text for p in truth.paragraphs()]  # tables and headers: pdftotext mixes their columns
        missing = [t for t in narrative if normalize_space(t).replace(" ", "")[:25] not in compact]
        assert missing == [], name
