"""PubMed records parsed once per run: a build asks batch after batch for the same much-cited works, and parsing a
record with Bio.Entrez costs far more than reading a parsed one back.

The last `KEPT_IN_MEMORY` records stay in memory; every record parsed is also pickled into a temporary file
(`SpillFile`), so memory stays bounded however many records a run parses.
"""
from __future__ import annotations

import pickle
from collections import OrderedDict
from collections.abc import Iterable

from citetrace.citations.model import Work
from citetrace.ingest.pubmed.spill_file import SpillFile

KEPT_IN_MEMORY = 2_000
"""About a batch's worth of the most-cited works: reading one back from the file costs a tenth of a millisecond,
while each record held in memory is dozens of objects that every full garbage collection walks (4,000 reviews:
20,000 kept, 150 s and 749 MiB; 2,000 kept, 146 s and 628 MiB)."""


class ParsedRecords:
    """Parsed `Work`s by PMID: recent ones in memory, all of them on disk."""

    def __init__(self, kept: int = KEPT_IN_MEMORY) -> None:
        self.kept = kept
        self._recent: OrderedDict[str, Work] = OrderedDict()
        self._disk: SpillFile[str] = SpillFile()

    def get(self, pmids: Iterable[str]) -> dict[str, Work]:
        """The records of these PMIDs parsed before in this run."""
        found: dict[str, Work] = {}
        missing: list[str] = []
        for pmid in pmids:
            work = self._recent.get(pmid)
            if work is None:
                missing.append(pmid)
            else:
                self._recent.move_to_end(pmid)
                found[pmid] = work
        for pmid, blob in self._disk.get(missing).items():
            found[pmid] = pickle.loads(blob)
            self._remember(found[pmid])
        return found

    def add(self, works: Iterable[Work]) -> None:
        rows = []
        for work in works:
            if work.pmid:
                self._remember(work)
                rows.append((work.pmid, pickle.dumps(work, protocol=pickle.HIGHEST_PROTOCOL)))
        self._disk.put(rows)

    def _remember(self, work: Work) -> None:
        assert work.pmid is not None
        self._recent[work.pmid] = work
        self._recent.move_to_end(work.pmid)
        if len(self._recent) > self.kept:
            self._recent.popitem(last=False)
