"""PDFs written byte by byte for tests: text set in Helvetica on one page, or many pages."""
from __future__ import annotations

import io
from pathlib import Path


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF of the objects in order (1 is the catalog), a cross-reference table and a trailer."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def text_pdf(path: Path, lines: list[str], size: int = 12) -> Path:
    """One US-letter page with `lines` (ASCII) set top to bottom in Helvetica of `size` points."""
    shown = b"".join(b"(%s) Tj 0 -%d Td " % (line.encode("ascii"), size + 4) for line in lines)
    content = b"BT /F1 %d Tf 72 720 Td %s ET" % (size, shown)
    path.write_bytes(raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]))
    return path


def tiny_glyph_pdf(path: Path, pages: int, lines: int = 60, width: int = 100) -> Path:
    """`pages` pages sharing one content stream of `lines` x `width` letters at one point: a small file of
    millions of glyphs."""
    line = ("abcdefghij" * (width // 10 + 1))[:width].encode()
    shown = b"".join(b"(%s) Tj 0 -1.2 Td " % line for _ in range(lines))
    content = b"BT /F1 1 Tf 10 780 Td %s ET" % shown
    kids = b" ".join(b"%d 0 R" % (5 + n) for n in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
                b"/Resources << /Font << /F1 4 0 R >> >> >>"] * pages
    path.write_bytes(raw_pdf(objects))
    return path
