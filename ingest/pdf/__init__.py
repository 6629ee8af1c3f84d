"""Reading a PDF: its glyphs (PDFium, in a child process), their layout, and the article structure."""
