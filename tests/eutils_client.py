"""A live E-utilities client of the loopback stand-in (bench.eutils_standin), for the tests of ingest.pubmed.eutils."""
from __future__ import annotations

from bench.eutils_standin import EutilsStandin
from citetrace.ingest.pubmed.eutils import EutilsSource, RetryPolicy


def standin_source(standin: EutilsStandin, retry: RetryPolicy, **options: object) -> EutilsSource:
    """A client of the stand-in with `retry` and no rate limit to speak of, unless a test says otherwise."""
    settings: dict[str, object] = {"email": "reviewer@example.org", "retry": retry, "requests_per_second": 200.0}
    settings.update(options)
    return EutilsSource(standin.base_url, **settings)  # type: ignore[arg-type]
