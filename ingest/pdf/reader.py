"""Reading a review from a PDF: the file I/O, its limits, and the glyphs of each page (through pypdfium2).

pypdfium2 (PDFium, BSD/Apache) was chosen by measurement: it reads the glyphs of a 10-page article with
their boxes in about 1 s, where pdfplumber (pdfminer.six) took 3-10 s. Nothing in a PDF is executed:
PDFium is opened without forms or JavaScript, only the text layer and the document information are read,
and it reads in a child process with a time and memory limit.
The geometry is `ingest.pdf.layout`, the article structure `ingest.pdf.structure`.
"""
from __future__ import annotations

import ctypes
import multiprocessing
from multiprocessing.connection import Connection
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from citetrace.citations.model import Document
from citetrace.ingest.errors import InputError
from citetrace.ingest.files import read_bytes
from citetrace.ingest.pdf.layout import Glyph, clean_glyph_text, layout
from citetrace.ingest.pdf.structure import build_document

MAX_PDF_BYTES = 100 * 1024 * 1024
MAX_PAGES = 500
"""A review is tens of pages; a book-length file is refused before any page is read."""
MAX_GLYPHS = 400_000
"""About 100 dense pages of text (a long review is 30): more is a bomb or not a review, and is refused as it is
read. Every glyph is an object in the build's own process, so this bounds its memory (about 300 MiB at the cap)
and time; 499 pages of one-point glyphs (3 million in a 172 KB file) would take gigabytes."""
MAX_GLYPHS_PER_PAGE = 100_000
MIN_GLYPHS_PER_PAGE = 20
"""Fewer characters than this on average per page means there is no text layer to read."""
READ_SECONDS = 60.0
"""PDFium reads in a child process given this long: a content stream built to take forever is cut off."""
READ_MEMORY = 2 * 1024**3
"""The child's address-space limit: a stream that inflates without end fails there, not in the build."""

PDF_MAGIC = b"%PDF-"


def read_pdf(path: str | Path) -> Document:
    """Read one PDF review into the document model, refusing what cannot or should not be read."""
    name = str(path)
    data = read_bytes(path, "a PDF", MAX_PDF_BYTES)
    if PDF_MAGIC not in data[:1024]:
        raise InputError(name, "not a PDF (no %PDF- header)")
    pages, heights, metadata = _read_isolated(name, data)
    glyphs = []
    for index, page in enumerate(pages):
        glyphs.append([Glyph(*glyph) for glyph in page])
        pages[index] = []  # each page's tuples freed as its glyphs are made
    running_heads: list[str] = []
    lines = layout(glyphs, heights, running_heads)
    return build_document(name, lines, metadata, running_heads)


GlyphTuple = tuple[str, float, float, float, float, float, bool]
"""A glyph as the child process sends it: text, x0, x1, top, bottom, baseline, space before."""


def _read_isolated(name: str, data: bytes) -> tuple[list[list[GlyphTuple]], list[float], dict[str, str]]:
    """The glyphs, page heights and information of a PDF, read by PDFium in a child process.

    The child has `READ_SECONDS` and `READ_MEMORY`: a bomb is refused, and a crash in PDFium on a hostile
    file ends the child, not the build.
    """
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork") if "fork" in methods else multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(name, data, sender), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(READ_SECONDS):
            raise InputError(name, f"reading took more than {READ_SECONDS:g} s; refused as a likely bomb")
        outcome = receiver.recv()
    except EOFError:
        raise InputError(name, "the PDF reader stopped (out of memory, or a damaged file)") from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if isinstance(outcome, str):
        raise InputError(name, outcome)
    return outcome


def _child(name: str, data: bytes, sender: Connection) -> None:
    """Read in the child: send the result, or the problem as a string (an exception does not cross)."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (READ_MEMORY, READ_MEMORY))
    except (ImportError, ValueError, OSError):
        pass
    try:
        sender.send(_read_glyphs(name, data))
    except InputError as error:
        sender.send(error.problem)
    except MemoryError:
        sender.send(f"reading needs more than {READ_MEMORY // 2**30} GiB; refused as a likely bomb")
    finally:
        sender.close()


def _open(name: str, data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if getattr(error, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise InputError(name, "encrypted PDF: it needs a password; save a copy without one first") from None
        if getattr(error, "err_code", None) == pdfium_c.FPDF_ERR_SECURITY:
            raise InputError(name, "PDF uses an unsupported security handler") from None
        raise InputError(name, "not a readable PDF (damaged or truncated)") from None


def _read_glyphs(name: str, data: bytes) -> tuple[list[list[GlyphTuple]], list[float], dict[str, str]]:
    document = _open(name, data)
    try:
        count = len(document)
        if count == 0:
            raise InputError(name, "PDF has no pages")
        if count > MAX_PAGES:
            raise InputError(name, f"PDF has {count} pages; at most {MAX_PAGES} are read (a review, not a book)")
        metadata = {key: str(value).strip() for key, value in document.get_metadata_dict().items() if value}
        pages: list[list[GlyphTuple]] = []
        heights: list[float] = []
        total = 0
        for index in range(count):
            page = document[index]
            try:
                height = page.get_height()
                glyphs = _page_glyphs(name, page, height, index)
            finally:
                page.close()
            total += len(glyphs)
            if total > MAX_GLYPHS:
                raise InputError(name, f"PDF has more than {MAX_GLYPHS:,} characters of text; refused as a likely bomb")
            pages.append(glyphs)
            heights.append(height)
    finally:
        document.close()
    if total < MIN_GLYPHS_PER_PAGE * len(pages):
        raise InputError(name, "no text layer: run OCR first, e.g. ocrmypdf")
    return pages, heights, metadata


def _page_glyphs(name: str, page: pdfium.PdfPage, height: float, index: int) -> list[GlyphTuple]:
    """The page's drawn characters in content order; spaces become a flag on the next glyph.

    PDFium's generated spaces (from its own spacing analysis, which knows each glyph's advance) count as
    spaces too: a measured gap alone misses a space after a glyph whose box overhangs, such as an italic f.
    """
    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        count = pdfium_c.FPDFText_CountChars(handle)
        if count > MAX_GLYPHS_PER_PAGE:
            raise InputError(name, f"page {index + 1} has {count:,} characters; refused as a likely bomb")
        unicode, angle = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_GetCharAngle
        loose_box, origin = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetCharOrigin
        box = pdfium_c.FS_RECTF()
        box_ref = ctypes.byref(box)
        x, y = ctypes.c_double(), ctypes.c_double()
        x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
        glyphs: list[GlyphTuple] = []
        space = False
        for char in range(count):
            code = unicode(handle, char)
            if code in (0x20, 0xA0, 0x09):
                space = True
                continue
            if code < 0x20 and code != 0x02 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                continue
            if 0.01 < angle(handle, char) < 6.27:
                continue
            if not loose_box(handle, char, box_ref) or box.top - box.bottom <= 0:
                continue
            origin(handle, char, x_ref, y_ref)
            glyphs.append((
                clean_glyph_text(chr(code)), box.left, box.right, height - box.top, height - box.bottom,
                height - y.value, space,
            ))
            space = False
        return glyphs
    finally:
        textpage.close()
