"""The terminal text of `citetrace trace`: presentation, so it lives with the CLI, not with the query."""
from __future__ import annotations


def format_trace(traced: list[dict]) -> str:
    """The human-readable `citetrace trace` output: each claim, then its sources one per line."""
    lines: list[str] = []
    for claim in traced:
        if claim["cited"]:
            lines.append(f"[claim {claim['id']}] {claim['text']} {claim['marker']}")
        else:
            lines.append(f"[claim {claim['id']}, uncited] {claim['text']}")
        lines.append(f"  in: {claim['document']}")
        if not claim["cited"]:
            lines.append("  (no citation marker: this statement cites no reference)")
        for source in claim["sources"]:
            if source["broken"]:
                lines.append(f"  [{source['number']}] (no such reference in the list)")
                continue
            ids = ", ".join(
                f"{label} {source[key]}" for label, key in (("PMID", "pmid"), ("DOI", "doi")) if source[key]
            ) or source["match_status"]
            types = f" [{'; '.join(source['publication_types'])}]" if source["publication_types"] else ""
            lines.append(
                f"  [{source['number']}] {source['first_author'] or '?'} {source['year'] or 'n.d.'}. "
                f"{(source['title'] or source['raw']).rstrip('.')}. {source['journal'] or ''}. {ids}{types}"
            )
        lines.append("")
    return "\n".join(lines).rstrip() + ("\n" if lines else "")
