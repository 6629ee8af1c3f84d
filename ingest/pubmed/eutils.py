"""PubMed over NCBI E-utilities: the live `PubmedSource`, in as few requests as NCBI allows.

Bio.Entrez parses the XML, but the project builds and sends the requests: Bio.Entrez has no base-URL setting
(the CGI URLs are hard-coded in each function) and retries HTTP 429 and 5xx at once, without waiting. So each
request is a form-encoded POST (with `tool`/`email`/`api_key`) against our base URL, opened through our own
urllib opener, under a rate limiter and a retry loop with exponential backoff that honours Retry-After. A body that does not parse counts as a failed attempt; a body
that parses is stored in the response cache before anything else is asked.
"""
from __future__ import annotations

import errno
import http.client
import io
import json
import os
import re
import socket
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import TypeVar
from urllib.error import HTTPError, URLError
from xml.parsers.expat import ExpatError

from Bio import Entrez

from citetrace.citations.matching import as_pmid
from citetrace.citations.model import Work
from citetrace.ingest.errors import InputError
from citetrace.ingest.pubmed.cache import ResponseCache
from citetrace.ingest.pubmed.protocol import (
    CitationQuery,
    NotCached,
    SearchQuery,
    SourceUnavailable,
)
from citetrace.ingest.pubmed.records import parse_xml

DEFAULT_BASE_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
TOOL = "citetrace"
FETCH_BATCH = 200
"""NCBI asks for POST above about 200 IDs; 200 records of PubMed XML is also a comfortable body size."""
HITS_PER_QUERY = 20
MAX_RETMAX = 10_000
"""ESearch returns at most 10,000 IDs for PubMed."""
CITMATCH_BATCH = 1000
"""ECitMatch lines per request: a whole review's list in one, a library's in a request per thousand citations."""
SEARCH_BATCH = 200
"""OR-groups per ESearch: a review's unmatched citations in one, and a term PubMed's parser still accepts."""

T = TypeVar("T")


class MalformedResponse(ValueError):
    """A body that arrived whole by HTTP but is not a complete answer."""


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try one request: `max_tries` attempts, waiting base_delay * 2**n between them (1, 2, 4 s)."""

    max_tries: int = 4
    base_delay: float = 1.0
    timeout: float = 60.0
    """Seconds one read may wait for the next bytes."""
    deadline: float = 120.0
    """Seconds one attempt may take in all, however slowly the bytes come."""
    max_retry_after: float = 60.0
    """The longest Retry-After honoured; a server asking for longer is not asked again for that request."""
    max_body_bytes: int = 64 * 2**20
    """The largest answer read: 200 PubMed records with abstracts are a few megabytes."""

    def delay(self, failed_attempt: int, retry_after: float | None) -> float:
        """The wait after the n-th failed attempt: the backoff, or longer when the server asked for longer."""
        return max(self.base_delay * 2 ** (failed_attempt - 1), retry_after or 0.0)


class RateLimiter:
    """Spaces request starts on the monotonic clock so that no second holds more than `per_second` of them.

    The spacing keeps a 10% margin, as NCBI counts arrivals on its side of the network.
    """

    def __init__(self, per_second: float) -> None:
        self.per_second = per_second
        self.interval = 1.1 / per_second
        self._next_start = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_start)
            self._next_start = start + self.interval
        if start > now:
            time.sleep(start - now)


@dataclass(frozen=True)
class RequestRecord:
    """One HTTP request made (each retry is one): endpoint, monotonic start time, and how it ended."""

    endpoint: str
    started: float
    outcome: str


class EutilsSource:
    """`PubmedSource` over E-utilities; `offline` answers from the cache only (for `--pubmed snapshot`)."""

    name = "eutils"
    authoritative = True

    def __init__(
        self,
        base_url: str | None = None,
        *,
        email: str | None = None,
        api_key: str | None = None,
        cache: ResponseCache | None = None,
        refresh: bool = False,
        offline: bool = False,
        retry: RetryPolicy = RetryPolicy(),
        requests_per_second: float | None = None,
        fail_fast: bool = False,
    ) -> None:
        """`base_url`, `email` and `api_key` fall back to CITETRACE_EUTILS_URL, NCBI_EMAIL and NCBI_API_KEY.

        `requests_per_second` defaults to NCBI's limit (3, or 10 with a key); set it only for a stand-in.
        `fail_fast` (the `auto` mode, which carries on offline): a connection that cannot be made is not retried,
        and nothing more is asked of this source for the rest of the run.
        """
        self.base_url = resolved_base_url(base_url)
        self.email = email or os.environ.get("NCBI_EMAIL") or None
        self.api_key = api_key or os.environ.get("NCBI_API_KEY") or None
        self.cache = cache
        self.refresh = refresh
        self.offline = offline
        self.retry = retry
        self.limiter = RateLimiter(requests_per_second or (10.0 if self.api_key else 3.0))
        self.request_log: list[RequestRecord] = []
        self.fail_fast = fail_fast
        self.answered_at: str | None = None
        """When PubMed gave the last answer read (now, or when the cached answer was stored)."""
        self.cache_answers = 0
        """Answers read from the response cache instead of the network."""
        self.unreachable: str | None = None
        """Why the server could not be reached, once a fail-fast source gave up on it."""
        self._opener = urllib.request.build_opener()
        self._works: dict[str, Work] = {}

    @property
    def requests_made(self) -> int:
        """HTTP requests sent so far, retries included (cache answers cost none)."""
        return len(self.request_log)

    @property
    def requests_failed(self) -> int:
        """HTTP requests sent so far that brought no usable answer."""
        return sum(record.outcome != "ok" for record in self.request_log)

    def citation_match(self, queries: list[CitationQuery]) -> dict[str, list[str]]:
        """ECitMatch, one request per 1,000 queries: a PMID per hit, none for NOT_FOUND, candidates if AMBIGUOUS."""
        found: dict[str, list[str]] = {}
        batches = _batches(queries, CITMATCH_BATCH)
        for number, batch in enumerate(batches, 1):
            bdata = "\r".join(
                "|".join(_field(v) for v in (q.journal, q.year, q.volume, q.first_page, q.author, q.key)) + "|"
                for q in batch
            )
            params = {"db": "pubmed", "retmode": "xml", "bdata": bdata}
            keys = {_field(q.key): q.key for q in batch}
            what = f"ECitMatch of {_count(len(batch), 'citation')}{_part(number, len(batches))}"
            parse = partial(_parse_citmatch, keys=set(keys))
            answer = self._call("ecitmatch.cgi", params, parse, what)
            found.update({keys[key]: pmids for key, pmids in answer.items()})
        return found

    def search(self, queries: list[SearchQuery]) -> list[str]:
        """ESearch whose term ORs a field-tagged query per citation (or its DOI), one request per 200 of them;
        the PMIDs of all hits."""
        groups = [group for group in map(_search_group, queries) if group]
        hits: dict[str, None] = {}
        batches = _batches(groups, SEARCH_BATCH)
        for number, batch in enumerate(batches, 1):
            params = {
                "db": "pubmed",
                "term": " OR ".join(f"({group})" for group in batch),
                "retmax": str(min(HITS_PER_QUERY * len(batch), MAX_RETMAX)),
            }
            what = f"ESearch of {_count(len(batch), 'citation')}{_part(number, len(batches))}"
            hits.update(dict.fromkeys(self._call("esearch.fcgi", params, _parse_esearch, what)))
        return list(hits)

    def fetch(self, pmids: list[str]) -> dict[str, Work]:
        """Records for the PMIDs, by EFetch of PubMed XML in batches of up to 200 (numeric order, so reruns hit
        the cache with the same batches)."""
        missing = sorted({p for p in pmids if p not in self._works}, key=lambda p: (len(p), p))
        batches = _batches(missing, FETCH_BATCH)
        for number, batch in enumerate(batches, 1):
            params = {"db": "pubmed", "retmode": "xml", "id": ",".join(batch)}
            what = f"EFetch of {_count(len(batch), 'PMID')} (batch {number} of {len(batches)})"
            for work in self._call("efetch.fcgi", params, _parse_pubmed_xml, what):
                if work.pmid:
                    work.checked_at = self.answered_at
                    self._works[work.pmid] = work
        return {pmid: self._works[pmid] for pmid in pmids if pmid in self._works}

    def _call(self, endpoint: str, params: dict[str, str], parse: Callable[[bytes], T], what: str) -> T:
        """The parsed answer to one request: from the cache, or from the network with retries, then cached."""
        url = self.base_url + endpoint
        if self.cache is not None and not self.refresh:
            stored = self.cache.get_dated(url, params)
            if stored is not None:
                body, self.answered_at = stored
                try:
                    answer = parse(body)
                    self.cache_answers += 1
                    return answer
                except (ValueError, RuntimeError, ExpatError) as error:
                    self.cache.discard(url, params, _one_line(error))
        if self.offline:
            raise NotCached(f"{what}: offline and not in the response cache")
        if self.unreachable is not None:
            raise SourceUnavailable(f"{what} not asked: {self.unreachable}")
        request = _post_request(url, {**params, "tool": TOOL, "email": self.email, "api_key": self.api_key})
        failure = ""
        for attempt in range(1, self.retry.max_tries + 1):
            self.limiter.wait()
            started = time.monotonic()
            retry_after = None
            try:
                with self._opener.open(request, timeout=self.retry.timeout) as response:
                    body = _read_bounded(response, started + self.retry.deadline, self.retry.max_body_bytes)
                result = parse(body)
            except HTTPError as error:
                failure = f"HTTP {error.code} {error.reason}{self._rate_limit_note(error)}"
                error.close()
                self.request_log.append(RequestRecord(endpoint, started, failure))
                if error.code != 429 and error.code < 500:
                    raise SourceUnavailable(f"{what} at {url}: {failure} (not retried)") from None
                retry_after = _retry_after(error.headers.get("Retry-After"))
                if retry_after is not None and retry_after > self.retry.max_retry_after:
                    raise SourceUnavailable(
                        f"{what} at {url}: {failure}, asked to wait {retry_after:g} s "
                        f"(more than {self.retry.max_retry_after:g} s); not retried"
                    ) from None
            except AnswerTooLarge as error:
                self.request_log.append(RequestRecord(endpoint, started, str(error)))
                raise SourceUnavailable(f"{what} at {url}: {error} (not retried)") from None
            except AnswerTooSlow:
                failure = f"no whole answer within {self.retry.deadline:g} s"
                self.request_log.append(RequestRecord(endpoint, started, failure))
            except TimeoutError:
                failure = f"no answer within {self.retry.timeout:g} s"
                self.request_log.append(RequestRecord(endpoint, started, failure))
            except (OSError, http.client.HTTPException) as error:
                failure = _network_failure(error, self.retry.timeout)
                self.request_log.append(RequestRecord(endpoint, started, failure))
                if self.fail_fast and _no_connection(error):
                    self.unreachable = f"{url} unreachable ({failure})"
                    raise SourceUnavailable(f"{what} at {url}: {failure} (not retried; no more requests this run)") from None
            except (ValueError, RuntimeError, ExpatError) as error:
                failure = f"unreadable answer: {_one_line(error)}"
                self.request_log.append(RequestRecord(endpoint, started, failure))
            else:
                self.request_log.append(RequestRecord(endpoint, started, "ok"))
                self.answered_at = datetime.now(UTC).isoformat(timespec="seconds")
                if self.cache is not None:
                    self.cache.put(url, params, body)
                return result
            if attempt < self.retry.max_tries:
                time.sleep(self.retry.delay(attempt, retry_after))
        raise SourceUnavailable(f"{what} at {url} failed after {self.retry.max_tries} tries: {failure}")


    def _rate_limit_note(self, error: HTTPError) -> str:
        """What NCBI's 429 body says (`{"error": "API rate limit exceeded", "count": "5", "limit": "3"}`); its limit
        also slows this client down, if lower than the rate it keeps."""
        if error.code != 429:
            return ""
        try:
            answer = json.loads(error.read(4096))
            limit = float(answer.get("limit", "nan"))
        except (ValueError, TypeError, AttributeError, OSError):
            return ""
        if 0 < limit < self.limiter.per_second:
            self.limiter = RateLimiter(limit)
        return f": {answer.get('error', 'rate limit')} ({answer.get('count', '?')} requests counted, limit {answer.get('limit')})"


class AnswerTooLarge(ValueError):
    """An answer larger than any E-utilities gives to the requests made here."""


class AnswerTooSlow(TimeoutError):
    """An answer still arriving at the attempt's deadline."""


def _read_bounded(response: http.client.HTTPResponse, deadline: float, limit: int) -> bytes:
    """The body, read in pieces as they come, by `deadline` (monotonic) and at most `limit` bytes: a server that
    trickles bytes or sends gigabytes costs one bounded attempt."""
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise AnswerTooLarge(f"answer of {int(declared):,} bytes (more than {limit:,})")
    pieces: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise AnswerTooSlow(f"{size} bytes by the deadline")
        piece = response.read1(65536)
        if not piece:
            if declared and declared.isdigit() and size < int(declared):
                raise http.client.IncompleteRead(b"".join(pieces), int(declared) - size)
            return b"".join(pieces)
        size += len(piece)
        if size > limit:
            raise AnswerTooLarge(f"answer of more than {limit:,} bytes")
        pieces.append(piece)


def resolved_base_url(base_url: str | None) -> str:
    """The E-utilities base URL (given, else CITETRACE_EUTILS_URL, else NCBI's) with a trailing slash, when it is
    an http or https URL with a host; anything else (a file: URL, a typo, a broken IPv6 literal) is an
    InputError, so no request goes where it should not and no local file is read as an answer."""
    url = base_url or os.environ.get("CITETRACE_EUTILS_URL") or DEFAULT_BASE_URL
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname
    except ValueError as error:
        raise InputError("--eutils-url", f"{url!r} is not a URL ({error})") from None
    if parts.scheme not in ("http", "https") or not host:
        raise InputError("--eutils-url", f"{url!r} is not an http or https URL")
    return url if url.endswith("/") else url + "/"


def _post_request(url: str, params: dict[str, str | None]) -> urllib.request.Request:
    """A form-encoded POST of the parameters that have a value (NCBI asks for POST beyond a few hundred IDs)."""
    data = urllib.parse.urlencode({name: value for name, value in params.items() if value is not None})
    return urllib.request.Request(url, data=data.encode("utf-8"), method="POST")


def _field(value: str) -> str:
    """An ECitMatch field: no `|` or line breaks, which would shift the fields."""
    return " ".join(value.replace("|", " ").split())


def _tagged(value: str, tag: str) -> str:
    """`value[tag]`, quoted unless a single plain word: quotes keep AND/OR/NOT, brackets and a DOI's
    parentheses literal."""
    value = " ".join(value.replace('"', " ").split())
    if value.isalnum() and value.upper() not in ("AND", "OR", "NOT"):
        return f"{value}[{tag}]"
    return f'"{value}"[{tag}]'


def _search_group(query: SearchQuery) -> str:
    """`"doi"[doi]` for a DOI query, else `word[ti] AND ... AND author[au] AND year[dp] AND journal[ta]` over
    the fields the citation has."""
    if query.doi.strip():
        return _tagged(query.doi, "doi")
    parts = [_tagged(word, "ti") for word in query.title_words if word.strip()]
    parts += [_tagged(value, tag) for value, tag in ((query.author, "au"), (query.year, "dp"), (query.journal, "ta"))
              if value.strip()]
    return " AND ".join(parts)


def _parse_citmatch(body: bytes, keys: set[str]) -> dict[str, list[str]]:
    """ECitMatch's text lines `journal|year|volume|page|author|key|result`; result is a PMID, NOT_FOUND[;why],
    or AMBIGUOUS with the candidate PMIDs when NCBI lists them."""
    found: dict[str, list[str]] = {}
    for line in body.decode("utf-8").splitlines():
        if not line.strip():
            continue
        fields = line.split("|")
        if len(fields) < 7:
            raise MalformedResponse(f"ECitMatch line without 7 fields: {line[:80]!r}")
        key, result = fields[5], fields[6].strip()
        if as_pmid(result):
            found[key] = [result]
        elif result.startswith("NOT_FOUND"):
            found[key] = []
        elif result.startswith("AMBIGUOUS"):
            listed = re.fullmatch(r"AMBIGUOUS\s+([0-9]+(?:\s*,\s*[0-9]+)*)", result)
            found[key] = [pmid for pmid in re.findall(r"[0-9]+", listed.group(1)) if as_pmid(pmid)] if listed else []
        else:
            raise MalformedResponse(f"ECitMatch result not understood: {result[:80]!r}")
    if keys - found.keys():
        raise MalformedResponse(f"ECitMatch answered {len(keys & found.keys())} of {len(keys)} citations")
    return found


def _parse_esearch(body: bytes) -> list[str]:
    """PMIDs of an eSearchResult, via Entrez.read (an ERROR element raises RuntimeError: a failed attempt)."""
    record = Entrez.read(io.BytesIO(body))
    pmids = [str(pmid) for pmid in record.get("IdList", [])]
    if not all(map(as_pmid, pmids)):
        raise MalformedResponse(f"ESearch IdList holds a non-PMID: {next(p for p in pmids if not as_pmid(p))[:20]!r}")
    return pmids


def _parse_pubmed_xml(body: bytes) -> list[Work]:
    """Works of a PubmedArticleSet; an answer cut between two records still parses, so check the end tag."""
    if not body.rstrip().endswith(b"</PubmedArticleSet>"):
        raise MalformedResponse("EFetch answer does not end with </PubmedArticleSet>")
    return parse_xml(body)


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds; the HTTP-date form is left to the backoff."""
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _network_failure(error: OSError | http.client.HTTPException, timeout: float) -> str:
    if isinstance(error, http.client.IncompleteRead):
        return f"body cut off after {len(error.partial)} bytes"
    reason = error.reason if isinstance(error, URLError) else error
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout:g} s"
    return f"connection failed: {_one_line(reason)}"


def _no_connection(error: OSError | http.client.HTTPException) -> bool:
    """Whether no connection could be made at all (no such host, no route, refused), as against an answer that
    failed on the way: the first is the offline case, where asking again only makes the user wait."""
    if not isinstance(error, URLError) or isinstance(error, HTTPError):
        return False
    reason = error.reason
    return isinstance(reason, socket.gaierror | ConnectionRefusedError) or (
        isinstance(reason, OSError) and reason.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH))


def _batches(items: list[T], size: int) -> list[list[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _part(number: int, total: int) -> str:
    """" (batch 2 of 3)" in a request's description when there is more than one."""
    return f" (batch {number} of {total})" if total > 1 else ""


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _one_line(error: object) -> str:
    return " ".join(str(error).split()) or type(error).__name__
