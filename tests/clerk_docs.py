"""BÁO CÁO files typed the way clerks type them in Word, with the truth of what they say.

    from tests.clerk_docs import CLERK_DOCS, build_doc
    truth, habits = CLERK_DOCS["so-tttt-2022-q3"]
    path = build_doc("so-tttt-2022-q3", tmp_path)      # -> tmp_path / "so-tttt-2022-q3.docx"

`python -m tests.clerk_docs --out DIR` writes every document; `python -m tests.clerk_docs --resave`
regenerates the LibreOffice re-saved copies committed under tests/data/clerk-word/libreoffice/.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.clerk_docs_cld import CLD
from tests.clerk_docs_render import Habits, make_docx
from tests.clerk_docs_tnmt import TNMT
from tests.clerk_docs_truth import Truth
from tests.clerk_docs_tttt import TTTT
from tests.clerk_docs_variants import (
    autocorrected,
    broken_subject,
    commune_appendix,
    draft,
    merged_leaders_table,
    several_recipients,
    straight_quotes,
    with_dossier_table,
)
from tests.clerk_docs_xa import XA

__all__ = [
    "CLERK_DOCS",
    "LIBREOFFICE_DIR",
    "LIBREOFFICE_DOCS",
    "LIBREOFFICE_DOC_FORMAT",
    "Habits",
    "build_all",
    "build_doc",
    "libreoffice_copy",
    "make_docx",
    "normalize_space",
    "resave",
]

LIBREOFFICE_DIR = Path(__file__).resolve().parent / "data" / "clerk-word" / "libreoffice"
SPACES = re.compile(r"[\s\u00a0]+")


def normalize_space(text: str) -> str:
    """Runs of spaces, tabs, non-breaking spaces and line breaks as one space: how texts are compared."""
    return SPACES.sub(" ", text).strip()


CLERK_DOCS: dict[str, tuple[Truth, Habits]] = {
    # Sở TTTT quý III/2022 (174/BC-STTTT): the usual way — header table, typed numbers, direct formatting.
    "so-tttt-2022-q3": (TTTT, Habits(fields=True, seed=1)),
    # The same report by a clerk who uses Word's features: outline numbering, styles, bullets, review marks.
    "so-tttt-2022-q3-word": (
        merged_leaders_table(TTTT),
        Habits(
            header="tabs",
            numbering="word",
            formatting="styles",
            dashes="list",
            tracked_changes=True,
            comments=True,
            hyperlinks=True,
            seed=2,
        ),
    ),
    # Sở TNMT năm 2023 (draft, blank number and day): header in text boxes, Vietnamese style names, messy typing.
    "so-tnmt-2023": (
        broken_subject(TNMT),
        Habits(
            header="textboxes", formatting="styles-vi", dashes="tab", messy=True, comments=True, hyperlinks=True, seed=3
        ),
    ),
    # UBND huyện Cù Lao Dung quý I/2023 (85/BC-UBND): Word numbering with direct formatting, tracked changes.
    "ubnd-cld-2023-q1": (
        CLD,
        Habits(numbering="word", tracked_changes=True, fields=True, en_dash_items=True, seed=4),
    ),
    # The same, typed fast: text boxes, split runs, tabs after numbers, Shift+Enter, review left in, straight
    # quotes, and the dossier figures added as a table (merged "Kết quả giải quyết" over three columns).
    "ubnd-cld-2023-q1-messy": (
        with_dossier_table(CLD).with_text(straight_quotes),
        Habits(header="textboxes", messy=True, tracked_changes=True, comments=True, fields=True, dashes="tab", seed=5),
    ),
    # UBND xã Đưng K’Nớ quý I/2025 (no Phụ lục): tab-stop header, Vietnamese styles carrying the numbering,
    # AutoCorrect dashes.
    "ubnd-xa-2025-q1": (
        XA.with_text(autocorrected),
        Habits(header="tabs", numbering="word-styles", formatting="styles-vi", messy=True, seed=6),
    ),
    # Its draft: "Số:        /BC-UBND", "ngày      tháng      năm 2025", no name, two Kính gửi lines, a small
    # Phụ lục of another province's shape (1., 1.1., "Trong đó"); Word numbering and bullets.
    "ubnd-xa-2025-q1-draft": (
        commune_appendix(
            several_recipients(draft(XA), "Ủy ban nhân dân huyện Lạc Dương;", "Phòng Nội vụ huyện Lạc Dương.")
        ),
        Habits(header="textboxes", numbering="word", formatting="styles", dashes="list", fields=True, seed=7),
    ),
}

# Re-saved by LibreOffice (docx and one .doc), committed so CI needs no LibreOffice.
LIBREOFFICE_DOCS = ("so-tttt-2022-q3", "so-tnmt-2023", "ubnd-xa-2025-q1-draft")
LIBREOFFICE_DOC_FORMAT = "ubnd-xa-2025-q1-draft"  # also saved as an old-format .doc


def build_doc(name: str, out_dir: Path) -> Path:
    """Writes the named document to out_dir/<name>.docx and returns its path."""
    truth, habits = CLERK_DOCS[name]
    return make_docx(truth, Path(out_dir) / f"{name}.docx", habits)


def build_all(out_dir: Path) -> dict[str, Path]:
    return {name: build_doc(name, out_dir) for name in CLERK_DOCS}


def libreoffice_copy(name: str, suffix: str = ".docx") -> Path:
    """The committed LibreOffice re-save of a document (its truth is CLERK_DOCS[name][0])."""
    return LIBREOFFICE_DIR / f"{name}{suffix}"


def resave(target: Path = LIBREOFFICE_DIR) -> None:
    """Re-saves LIBREOFFICE_DOCS through LibreOffice (docx, plus one .doc) into `target`."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("soffice not found")
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        files = [str(build_doc(n, src)) for n in LIBREOFFICE_DOCS]
        profile = f"-env:UserInstallation=file://{Path(tmp) / 'profile'}"
        base = [soffice, profile, "--headless", "--norestore", "--convert-to"]
        subprocess.run(
            [*base, "docx:MS Word 2007 XML", "--outdir", str(target), *files],
            check=True,
            capture_output=True,
            timeout=300,
        )
        subprocess.run(
            [*base, "doc", "--outdir", str(target), str(src / f"{LIBREOFFICE_DOC_FORMAT}.docx")],
            check=True,
            capture_output=True,
            timeout=300,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write every document into this folder")
    parser.add_argument("--resave", action="store_true", help="regenerate the LibreOffice re-saved copies")
    args = parser.parse_args()
    if args.out:
        for name, path in build_all(args.out).items():
            print(f"{name}: {path}  [{', '.join(CLERK_DOCS[name][1].labels())}]")
    if args.resave:
        resave()
    if not args.out and not args.resave:
        parser.print_help()


if __name__ == "__main__":
    main()
