"""PDFs that cannot or should not be read: one line naming the file, a non-zero exit, the library untouched."""
from __future__ import annotations

import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter

from citetrace.cli import main
from pdf_files import raw_pdf

SAMPLE = Path(__file__).parent / "data" / "pdf" / "rehabil-res-pract-2010-tully.pdf"


def _blank_pages(path: Path, count: int) -> Path:
    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(612, 792)
    writer.write(path)
    return path


def encrypted(tmp_path: Path) -> Path:
    writer = PdfWriter()
    writer.append(PdfReader(SAMPLE))
    writer.encrypt("secret", algorithm="RC4-128")
    writer.write(tmp_path / "encrypted.pdf")
    return tmp_path / "encrypted.pdf"


def scanned(tmp_path: Path) -> Path:
    return _blank_pages(tmp_path / "scanned.pdf", 3)


def corrupt(tmp_path: Path) -> Path:
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 10)
    return path


def truncated(tmp_path: Path) -> Path:
    path = tmp_path / "truncated.pdf"
    data = SAMPLE.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


def two_thousand_pages(tmp_path: Path) -> Path:
    return _blank_pages(tmp_path / "book.pdf", 2000)


def page_bomb(tmp_path: Path) -> Path:
    """One page object listed 200,000 times in the page tree."""
    path = tmp_path / "bomb.pdf"
    kids = b" ".join([b"3 0 R"] * 200_000)
    path.write_bytes(raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count 200000 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    ]))
    return path


CASES = {
    encrypted: "encrypted PDF: it needs a password; save a copy without one first",
    scanned: "no text layer: run OCR first, e.g. ocrmypdf",
    corrupt: "not a readable PDF (damaged or truncated)",
    truncated: "not a readable PDF (damaged or truncated)",
    two_thousand_pages: "PDF has 2000 pages; at most 500 are read (a review, not a book)",
    page_bomb: "PDF has 200000 pages; at most 500 are read (a review, not a book)",
}


@pytest.mark.parametrize("make", list(CASES), ids=[make.__name__ for make in CASES])
def test_bad_pdf_is_one_line_naming_the_file(tmp_path: Path, make) -> None:
    path = make(tmp_path)
    result = CliRunner().invoke(main, ["parse-refs", str(path)])
    assert result.exit_code != 0
    assert result.stderr.strip() == f"Error: {path}: {CASES[make]}"


def test_bad_pdf_leaves_the_library_untouched(tmp_path: Path) -> None:
    db = tmp_path / "library.db"
    assert CliRunner().invoke(main, ["build", str(SAMPLE), "--db", str(db), "--pubmed", "off"]).exit_code == 0
    before = db.read_bytes()
    result = CliRunner().invoke(main, ["build", str(SAMPLE), str(scanned(tmp_path)), "--db", str(db), "--pubmed", "off"])
    assert result.exit_code != 0 and "no text layer" in result.stderr
    assert db.read_bytes() == before


def test_content_stream_that_takes_too_long_is_cut_off(tmp_path: Path, monkeypatch) -> None:
    """A page whose compressed content inflates to millions of text operations."""
    monkeypatch.setattr("citetrace.ingest.pdf.reader.READ_SECONDS", 0.5)
    content = zlib.compress(b"BT /F1 12 Tf 72 700 Td (x) Tj ET\n" * 2_000_000, 9)
    path = tmp_path / "slow.pdf"
    path.write_bytes(raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]))
    result = CliRunner().invoke(main, ["parse-refs", str(path)])
    assert result.exit_code != 0
    assert result.stderr.strip() == f"Error: {path}: reading took more than 0.5 s; refused as a likely bomb"
