#!/usr/bin/env bash
# System tools some tests need: Chromium (browser test), TeX Live with biber (BibTeX checks) and pandoc
# (the oracle of what a Markdown or LaTeX manuscript cites).
# Installed with apt-get when running as root on Debian/Ubuntu (as CI does); elsewhere the tests that
# need them skip with a reason, except under CI=true where a missing tool fails the test.
set -euo pipefail
needed=()
command -v chromium >/dev/null 2>&1 || needed+=(chromium)
command -v bibtex >/dev/null 2>&1 || needed+=(texlive-latex-base texlive-bibtex-extra)
command -v biber >/dev/null 2>&1 || needed+=(biber)
command -v pdflatex >/dev/null 2>&1 || needed+=(texlive-latex-base)
command -v kpsewhich >/dev/null 2>&1 || needed+=(texlive-binaries)
kpsewhich biblatex.sty >/dev/null 2>&1 || needed+=(texlive-bibtex-extra)
kpsewhich etoolbox.sty >/dev/null 2>&1 || needed+=(texlive-latex-recommended)
command -v pandoc >/dev/null 2>&1 || needed+=(pandoc)
kpsewhich natbib.sty fancyhdr.sty geometry.sty >/dev/null 2>&1 || needed+=(texlive-latex-base)
if [ ${#needed[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system tools: ${needed[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}" >/dev/null
else
  echo "note: ${needed[*]} not installed (needs root and apt-get); the tests that use them will skip" >&2
fi
