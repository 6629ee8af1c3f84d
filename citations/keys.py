"""Citation keys in the `[auth][year][shorttitle]` form, e.g. `korthauer1993defective`.

A key depends only on the work and on the other works exported with it, never on export order, so a
rebuilt library exports the same keys.

ASCII folding (`citations.normalize.fold_ascii`, the one the matcher compares with): letters are decomposed
and their accents dropped, so ä -> a, ć -> c, ñ -> n (the rule of Google Scholar, JabRef and Better BibTeX;
German users who expect ä -> ae get a key that still matches the name's initial letters); letters without a
decomposition are spelled out (ß -> ss, æ -> ae, ø -> o, ł -> l, đ -> d, þ -> th), Greek letters as titles cite
them (κ -> kappa). Everything that is not an ASCII letter or digit is then dropped, so "van der Burg" ->
vanderburg and "O'Brien" -> obrien.

The parts: the first author's folded family name, the year ("nd" when unknown), and the first title
word (split at spaces, so "X-linked" is one word: xlinked) that is neither a stopword nor a number,
folded and lower-cased. Without an author (or one whose
name folds to nothing, say in Chinese script) the key is that title word and the year
(`defective1993`), without a title either `anon1993`. Works sharing a key get suffixes a, b,
..., z, aa, ... in the order of their PMID, then DOI, then title (see `_stable_order`).
"""
from __future__ import annotations

from collections import defaultdict
from itertools import count

from citetrace.citations.model import Work
from citetrace.citations.normalize import STOPWORDS, fold_ascii


def base_key(work: Work) -> str:
    """The key before collision suffixes."""
    title_words = [fold_ascii(word) for word in (work.title or "").split()]
    title_words = [word for word in title_words if word]
    short_title = next((word for word in title_words if word not in STOPWORDS and not word.isdigit()), "")
    author = fold_ascii(work.authors[0].family) if work.authors else ""
    year = str(work.year) if work.year else "nd"
    if author:
        return f"{author}{year}{short_title}"
    if short_title:
        return f"{short_title}{year}"
    return f"anon{year}"


def assign_keys(works: list[Work]) -> list[str]:
    """One unique key per work, in input order; collisions get a/b/... suffixes in a stable order."""
    groups: dict[str, list[int]] = defaultdict(list)
    for index, work in enumerate(works):
        groups[base_key(work)].append(index)
    keys: list[str] = [""] * len(works)
    taken = {key for key, members in groups.items() if len(members) == 1}
    for key, members in sorted(groups.items()):
        if len(members) == 1:
            keys[members[0]] = key
            continue
        suffixes = (key + _suffix(n) for n in count())
        for index in sorted(members, key=lambda i: _stable_order(works[i])):
            candidate = next(suffixes)
            while candidate in taken:
                candidate = next(suffixes)
            taken.add(candidate)
            keys[index] = candidate
    return keys


def _suffix(n: int) -> str:
    """a, b, ..., z, aa, ab, ... (spreadsheet column letters)."""
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _stable_order(work: Work) -> tuple:
    """Sort key that does not depend on input order: PMID (numeric), DOI, title, authors, pages."""
    pmid = int(work.pmid) if work.pmid and work.pmid.isdigit() else float("inf")
    return (
        pmid,
        (work.doi or "").lower(),
        (work.title or "").lower(),
        [(a.family, a.given or a.initials or "") for a in work.authors],
        work.journal or "",
        work.volume or "",
        work.pages or "",
    )
