"""Running TeX tools from tests: skip when one is missing, but fail under CI, where .ci/run installs them."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


TEX_PACKAGES = "texlive-latex-base texlive-latex-recommended texlive-bibtex-extra biber"


def require_tool(name: str, debian_packages: str = TEX_PACKAGES) -> str:
    """The tool's path; a missing tool skips the test locally and fails it when CI=true."""
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} is not installed (Debian: apt-get install {debian_packages})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run a TeX tool non-interactively; a hanging run is a failure, not a stuck suite."""
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL)


def compile_with_bibtex(bib: str, keys: list[str], workdir: Path, style: str = "plain") -> tuple[list[str], str]:
    """pdflatex, bibtex, pdflatex twice (citations resolve on the last run) on a document citing every key; (failure messages, .blg text)."""
    (workdir / "refs.bib").write_text(bib, encoding="utf-8")
    cites = "\n".join(f"\\cite{{{key}}}" for key in keys)
    (workdir / "doc.tex").write_text(
        "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage[utf8]{inputenc}\n"
        f"\\begin{{document}}\n{cites}\n\\bibliographystyle{{{style}}}\n\\bibliography{{refs}}\n\\end{{document}}\n",
        encoding="utf-8",
    )
    return _run_all(workdir, ["pdflatex", "bibtex", "pdflatex", "pdflatex"], "doc.blg")


def compile_with_biber(bib: str, keys: list[str], workdir: Path) -> tuple[list[str], str]:
    """pdflatex, biber, pdflatex twice with biblatex on a document citing every key; (failures, .blg text)."""
    (workdir / "refs.bib").write_text(bib, encoding="utf-8")
    cites = "\n".join(f"\\cite{{{key}}}" for key in keys)
    (workdir / "doc.tex").write_text(
        "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage[utf8]{inputenc}\n"
        + _placeholder_glyphs(bib)
        + "\\usepackage[backend=biber]{biblatex}\n\\addbibresource{refs.bib}\n"
        f"\\begin{{document}}\n{cites}\n\\printbibliography\n\\end{{document}}\n",
        encoding="utf-8",
    )
    return _run_all(workdir, ["pdflatex", "biber", "pdflatex", "pdflatex"], "doc.blg")


def _placeholder_glyphs(bib: str) -> str:
    """Declarations for the characters pdflatex has no glyph for (Greek, Cyrillic, CJK, ...).

    Typesetting other scripts is the document's font choice (LuaLaTeX with suitable fonts); what the test
    proves is that biber and biblatex accept the Unicode export, so such characters print as a box.
    """
    exotic = sorted({char for char in bib if ord(char) > 0x24F})
    return "".join(f"\\DeclareUnicodeCharacter{{{ord(char):04X}}}{{\\fbox{{?}}}}\n" for char in exotic)


def _run_all(workdir: Path, tools: list[str], blg: str) -> tuple[list[str], str]:
    failures = []
    for tool in tools:
        args = [require_tool(tool)]
        args += ["-interaction=nonstopmode", "-halt-on-error", "doc.tex"] if tool == "pdflatex" else ["doc"]
        result = run(args, workdir)
        if result.returncode != 0:
            failures.append(f"{tool} exited {result.returncode}:\n{result.stdout[-3000:]}")
    log = workdir / "doc.log"
    if log.exists():
        failures += [line for line in log.read_text(errors="replace").splitlines()
                     if line.startswith("!") or "Warning: Citation" in line or "undefined" in line.lower()]
    blg_path = workdir / blg
    return failures, blg_path.read_text(errors="replace") if blg_path.exists() else ""
