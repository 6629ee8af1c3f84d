"""An NCBI E-utilities stand-in on 127.0.0.1, so live-path tests and benchmarks never touch the internet.

One module for both: the tests import `EutilsStandin`, the benchmarks its indexed subclass `IndexedStandin`.

It answers ECitMatch, ESearch and EFetch in NCBI's own formats from a set of PubMed XML records, logs every
request, and injects the faults NCBI is known for (429 with a JSON body, 5xx pages, cut bodies, slow answers)
on demand. Records come from PubmedArticleSet files, or MedlineCitationSet files such as the old MEDLINE
baselines, whose citations are served as NCBI serves them today (wrapped in PubmedArticle, without the
DateCreated element that the current DTD dropped).
"""
from __future__ import annotations

import copy
import dataclasses
import gzip
import json
import re
import threading
import time
import xml.etree.ElementTree as ET
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ESEARCH_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" ?>\n'
    '<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n'
)
PUBMED_HEAD = (
    '<?xml version="1.0" ?>\n'
    '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
)
PATH_PREFIX = "/entrez/eutils/"
FAULTS = ("ok", "400", "429", "500", "502", "503", "truncated", "malformed", "slow", "trickle", "flood")
"""`400`/`5xx`: an HTML error page; `429`: NCBI's JSON rate-limit body with Retry-After; `truncated`: the
connection closes half-way through a body whose Content-Length promised it all; `malformed`: a whole HTTP
answer whose body stops short of its last closing tag (an EFetch answer then ends between two records);
`slow`: the answer after `delay` seconds; `trickle`: a Content-Length of 1,000,000, then one byte every `delay`
seconds; `flood`: a body of `size` bytes, sent as fast as the client reads it."""


def normalize(text: str) -> str:
    """Lower case, punctuation to spaces: how the stand-in compares journals, names and title words."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


@dataclass(frozen=True)
class Record:
    """What the stand-in needs to know of one PubMed record to answer searches, and the record itself."""

    pmid: str
    journals: frozenset[str]
    year: str
    volume: str
    first_page: str
    authors: tuple[tuple[str, str], ...]
    title_words: frozenset[str]
    doi: str
    xml: str


def _text(element: ET.Element | None) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""


def _record(article: ET.Element) -> Record:
    citation = article.find("MedlineCitation")
    assert citation is not None
    journal = citation.find("Article/Journal")
    if journal is None:
        journal = ET.Element("Journal")
    issue = journal.find("JournalIssue")
    if issue is None:
        issue = ET.Element("JournalIssue")
    year = _text(issue.find("PubDate/Year")) or _text(issue.find("PubDate/MedlineDate"))[:4]
    pages = _text(citation.find("Article/Pagination/StartPage")) or _text(
        citation.find("Article/Pagination/MedlinePgn")
    )
    dois = [e for e in article.findall("PubmedData/ArticleIdList/ArticleId") if e.get("IdType") == "doi"]
    dois += [e for e in citation.findall("Article/ELocationID") if e.get("EIdType") == "doi"]
    return Record(
        pmid=_text(citation.find("PMID")),
        journals=frozenset(
            normalize(name)
            for name in (
                _text(journal.find("ISOAbbreviation")),
                _text(journal.find("Title")),
                _text(citation.find("MedlineJournalInfo/MedlineTA")),
            )
            if name
        ),
        year=year,
        volume=_text(issue.find("Volume")),
        first_page=pages.split("-")[0],
        authors=tuple(
            (normalize(_text(a.find("LastName"))), normalize(_text(a.find("Initials"))).replace(" ", ""))
            for a in citation.findall("Article/AuthorList/Author")
            if a.find("LastName") is not None
        ),
        title_words=frozenset(normalize(_text(citation.find("Article/ArticleTitle"))).split()),
        doi=_text(dois[0]).lower() if dois else "",
        xml=ET.tostring(article, encoding="unicode"),
    )


def _articles(root: ET.Element) -> Iterator[ET.Element]:
    """PubmedArticle elements of a PubmedArticleSet, or MedlineCitations wrapped as EFetch serves them now."""
    if root.tag == "MedlineCitationSet":
        for citation in root.iter("MedlineCitation"):
            modern = copy.deepcopy(citation)
            for dropped in modern.findall("DateCreated"):
                modern.remove(dropped)
            article = ET.Element("PubmedArticle")
            article.append(modern)
            yield article
    else:
        yield from root.iter("PubmedArticle")


def load_records(paths: Iterable[Path]) -> dict[str, Record]:
    """Records by PMID from PubMed XML files (gzip-compressed when the name ends in .gz)."""
    records: dict[str, Record] = {}
    for path in paths:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rb") as stream:
            root = ET.parse(stream).getroot()
        for article in _articles(root):
            record = _record(article)
            records[record.pmid] = record
    return records


@dataclass(frozen=True)
class LoggedRequest:
    """One request as the stand-in saw it; `time` is time.monotonic() at arrival."""

    endpoint: str
    method: str
    params: dict[str, str]
    time: float


@dataclass(frozen=True)
class Answer:
    """An answer given exactly as written (NCBI's real answers, quoted in tests)."""

    status: int
    body: bytes
    content_type: str = "text/plain; charset=UTF-8"
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Fault:
    kind: str
    retry_after: int | str
    delay: float
    size: int = 0
    answer: Answer | None = None


class TermError(ValueError):
    """The ESearch term is outside the query language the stand-in understands."""


class Term:
    """Left-to-right evaluation of an ESearch term (as PubMed does): `value[tag]`, AND, OR, parentheses."""

    TOKEN = re.compile(r'\s*(?:(\()|(\))|(AND|OR)(?=[\s(])|(?:"([^"]*)"|([^\s()\[\]"]+))\[(\w+)\])')

    def __init__(self, term: str, records: dict[str, Record]) -> None:
        self.records = records
        self.tokens: list[tuple[str, ...]] = []
        position = 0
        while position < len(term.rstrip()):
            match = self.TOKEN.match(term, position)
            if not match:
                raise TermError(f"cannot read the term at {term[position:]!r}")
            opening, closing, operator, quoted, bare, tag = match.groups()
            if opening or closing or operator:
                self.tokens.append((opening or closing or operator,))
            else:
                self.tokens.append(("atom", quoted if quoted is not None else bare, tag.lower()))
            position = match.end()
        self.position = 0

    def evaluate(self) -> set[str]:
        hits = self._expression()
        if self.position != len(self.tokens):
            raise TermError("unbalanced parentheses")
        return hits

    def _expression(self) -> set[str]:
        hits = self._operand()
        while self.position < len(self.tokens) and self.tokens[self.position][0] in ("AND", "OR"):
            operator = self.tokens[self.position][0]
            self.position += 1
            other = self._operand()
            hits = hits & other if operator == "AND" else hits | other
        return hits

    def _operand(self) -> set[str]:
        if self.position >= len(self.tokens):
            raise TermError("the term ends early")
        token = self.tokens[self.position]
        self.position += 1
        if token[0] == "(":
            hits = self._expression()
            if self.position >= len(self.tokens) or self.tokens[self.position][0] != ")":
                raise TermError("unbalanced parentheses")
            self.position += 1
            return hits
        if token[0] != "atom":
            raise TermError(f"unexpected {token[0]!r}")
        return {pmid for pmid, record in self.records.items() if field_matches(record, token[1], token[2])}


def author_matches(record: Record, wanted: str, first_only: bool) -> bool:
    """PubMed's author form `surname initials`: the surname in full, the initials as a prefix."""
    wanted = normalize(wanted)
    authors = record.authors[:1] if first_only else record.authors
    return any(
        wanted == name or (wanted.startswith(name + " ") and given.startswith(wanted[len(name) + 1 :].replace(" ", "")))
        for name, given in authors
    )


def field_matches(record: Record, value: str, tag: str) -> bool:
    """A record that lacks the field (the bundled facts have gaps that PubMed has not) does not fail on it."""
    if tag == "ti":
        return set(normalize(value).split()) <= record.title_words
    if tag == "au":
        return not record.authors or author_matches(record, value, first_only=False)
    if tag == "dp":
        return not record.year or record.year == value[:4]
    if tag == "ta":
        return not record.journals or normalize(value) in record.journals
    if tag == "doi":
        return record.doi == value.lower()
    if tag in ("pmid", "uid"):
        return record.pmid == value
    return False


def citation_matches(record: Record, journal: str, year: str, volume: str, page: str, author: str) -> bool:
    """ECitMatch's rule: every field given in the line (the journal normalized) agrees with the record, the
    first author by prefix."""
    return (
        (not journal or journal in record.journals)
        and (not year or record.year == year)
        and (not volume or record.volume == volume)
        and (not page or record.first_page == page)
        and (not author or author_matches(record, author, first_only=True))
    )


class EutilsStandin:
    """A threaded HTTP server answering like eutils.ncbi.nlm.nih.gov; use as a context manager or start/stop."""

    def __init__(self, records: dict[str, Record]) -> None:
        self.records = records
        self.requests: list[LoggedRequest] = []
        self._faults: deque[Fault] = deque()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @classmethod
    def from_files(cls, paths: Iterable[Path]) -> EutilsStandin:
        return cls(load_records(paths))

    @property
    def base_url(self) -> str:
        assert self._server is not None, "the stand-in is not running"
        return f"http://127.0.0.1:{self._server.server_address[1]}{PATH_PREFIX}"

    def start(self) -> str:
        """Serve on a free port of 127.0.0.1 and return the base URL to give the client."""
        standin = self

        class Handler(_Handler):
            owner = standin

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.daemon = True
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> EutilsStandin:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def inject(
        self, kind: str, times: int = 1, *, retry_after: int | str = 1, delay: float = 2.0, size: int = 0
    ) -> None:
        """Answer the next `times` requests with fault `kind` (one of FAULTS; `ok` answers normally)."""
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {kind!r}; known: {', '.join(FAULTS)}")
        with self._lock:
            self._faults.extend([Fault(kind, retry_after, delay, size)] * times)

    def add_notice(self, pmid: str, ref_type: str, notice_pmid: str, ref_source: str,
                   publication_type: str | None = None) -> None:
        """Link a notice to a served record as PubMed does when one is published after the work: a
        CommentsCorrections element (RefType RetractionIn, ErratumIn, ExpressionOfConcernIn, ...) in the
        MedlineCitation, and the publication type that comes with it (Retracted Publication)."""
        article = ET.fromstring(self.records[pmid].xml)
        citation = article.find("MedlineCitation")
        assert citation is not None
        links = citation.find("CommentsCorrectionsList")
        if links is None:
            links = ET.Element("CommentsCorrectionsList")
            before = next((i for i, child in enumerate(citation) if child.tag in ("GeneSymbolList", "MeshHeadingList",
                                                                                  "NumberOfReferences", "PersonalNameSubjectList",
                                                                                  "OtherID", "OtherAbstract", "KeywordList")),
                          len(citation))
            citation.insert(before, links)
        link = ET.SubElement(links, "CommentsCorrections", RefType=ref_type)
        ET.SubElement(link, "RefSource").text = ref_source
        ET.SubElement(link, "PMID", Version="1").text = notice_pmid
        types = citation.find("Article/PublicationTypeList")
        if publication_type and types is not None:
            ET.SubElement(types, "PublicationType").text = publication_type
        self.records[pmid] = dataclasses.replace(self.records[pmid], xml=ET.tostring(article, encoding="unicode"))

    def inject_answer(self, answer: Answer, times: int = 1) -> None:
        """Answer the next `times` requests with exactly `answer`."""
        with self._lock:
            self._faults.extend([Fault("ok", 0, 0.0, answer=answer)] * times)

    def requests_to(self, endpoint: str) -> list[LoggedRequest]:
        return [request for request in self.requests if request.endpoint == endpoint]

    def _arrive(self, endpoint: str, method: str, params: dict[str, str]) -> Fault:
        with self._lock:
            self.requests.append(LoggedRequest(endpoint, method, params, time.monotonic()))
            return self._faults.popleft() if self._faults else Fault("ok", 0, 0.0)

    def answer(self, endpoint: str, params: dict[str, str]) -> tuple[int, str, bytes]:
        """Status, content type and body of NCBI's answer to a request that meets no fault."""
        if endpoint == "ecitmatch.cgi":
            return 200, "text/plain; charset=UTF-8", self._ecitmatch(params.get("bdata", "")).encode()
        if endpoint == "esearch.fcgi":
            return self._esearch(params)
        if endpoint == "efetch.fcgi":
            return 200, "text/xml; charset=UTF-8", self._efetch(params.get("id", "")).encode()
        return 404, "text/html", b"<html><body><h1>404 Not Found</h1></body></html>"

    def _ecitmatch(self, bdata: str) -> str:
        known_journals = self._known_journals()
        lines = []
        for line in re.split(r"[\r\n]+", bdata):
            if not line.strip():
                continue
            journal, year, volume, page, author, key = (line.split("|") + [""] * 6)[:6]
            if journal and normalize(journal) not in known_journals:
                result = "NOT_FOUND;INVALID_JOURNAL"
            else:
                wanted = normalize(journal)
                hits = sorted(
                    record.pmid
                    for record in self._citation_candidates(wanted, volume, page)
                    if citation_matches(record, wanted, year, volume, page, author)
                )
                if not hits:
                    result = "NOT_FOUND"
                elif len(hits) == 1:
                    result = hits[0]
                else:
                    result = "AMBIGUOUS " + ",".join(hits)
            lines.append("|".join([journal, year, volume, page, author, key, result]))
        return "".join(line + "\n" for line in lines)

    def _known_journals(self) -> set[str]:
        return set().union(*(record.journals for record in self.records.values()))

    def _citation_candidates(self, journal: str, volume: str, page: str) -> Iterable[Record]:
        """The records an ECitMatch line (its journal normalized) is checked against: all of them here."""
        return self.records.values()

    def _evaluate(self, term: str) -> set[str]:
        """PMIDs of the records an ESearch term selects."""
        return Term(term, self.records).evaluate()

    def _esearch(self, params: dict[str, str]) -> tuple[int, str, bytes]:
        term = params.get("term", "")
        try:
            hits = sorted(self._evaluate(term), key=int, reverse=True)
        except TermError as error:
            body = f"<eSearchResult><ERROR>{_escape(str(error))}</ERROR></eSearchResult>"
            return 200, "text/xml; charset=UTF-8", (ESEARCH_HEAD + body).encode()
        retstart = int(params.get("retstart", "0"))
        retmax = int(params.get("retmax", "20"))
        shown = hits[retstart : retstart + retmax]
        body = (
            f"<eSearchResult><Count>{len(hits)}</Count><RetMax>{len(shown)}</RetMax>"
            f"<RetStart>{retstart}</RetStart><IdList>\n"
            + "".join(f"<Id>{pmid}</Id>\n" for pmid in shown)
            + f"</IdList><TranslationSet/><QueryTranslation>{_escape(term)}</QueryTranslation></eSearchResult>\n"
        )
        return 200, "text/xml; charset=UTF-8", (ESEARCH_HEAD + body).encode()

    def _efetch(self, ids: str) -> str:
        wanted = [pmid.strip() for pmid in ids.split(",") if pmid.strip()]
        articles = "\n".join(self.records[pmid].xml for pmid in wanted if pmid in self.records)
        return f"{PUBMED_HEAD}<PubmedArticleSet>\n{articles}\n</PubmedArticleSet>\n"


class _Indexes:
    def __init__(self, records: dict[str, Record]) -> None:
        self.by_locator: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.by_word: dict[str, set[str]] = defaultdict(set)
        self.by_surname: dict[str, set[str]] = defaultdict(set)
        self.by_year: dict[str, set[str]] = defaultdict(set)
        self.by_journal: dict[str, set[str]] = defaultdict(set)
        self.by_doi: dict[str, set[str]] = defaultdict(set)
        self.authorless: set[str] = set()
        """Records without authors, which any author term selects (`field_matches`)."""
        for pmid, record in records.items():
            self.by_locator[(record.volume, record.first_page)].append(pmid)
            for word in record.title_words:
                self.by_word[word].add(pmid)
            for name, _ in record.authors:
                self.by_surname[name].add(pmid)
            if not record.authors:
                self.authorless.add(pmid)
            self.by_year[record.year].add(pmid)
            for journal in record.journals:
                self.by_journal[journal].add(pmid)
            self.by_doi[record.doi].add(pmid)
        self.journals = set(self.by_journal)


class _IndexedTerm(Term):
    """`Term` whose atoms are looked up in indexes, then checked with the stand-in's own `field_matches`; a run of
    atoms joined only by AND (a citation's search) is checked on the records all their index entries share, not
    atom by atom: "2004[dp]" alone is thousands of records of a large pool."""

    def __init__(self, term: str, records: dict[str, Record], indexes: _Indexes) -> None:
        super().__init__(term, records)
        self.indexes = indexes

    def _expression(self) -> set[str]:
        atoms = self._conjunction()
        if atoms is None:
            return super()._expression()
        self.position += 2 * len(atoms) - 1
        sets = sorted((set(self._candidates(value, tag)) for value, tag in atoms), key=len)
        return {pmid for pmid in set.intersection(*sets)
                if all(field_matches(self.records[pmid], value, tag) for value, tag in atoms)}

    def _conjunction(self) -> list[tuple[str, str]] | None:
        """The atoms from here to the closing parenthesis or the end when they are joined only by AND."""
        atoms: list[tuple[str, str]] = []
        at = self.position
        while at < len(self.tokens) and self.tokens[at][0] == "atom":
            atoms.append((self.tokens[at][1], self.tokens[at][2]))
            at += 1
            if at == len(self.tokens) or self.tokens[at][0] == ")":
                return atoms
            if self.tokens[at][0] != "AND":
                return None
            at += 1
        return None

    def _operand(self) -> set[str]:
        token = self.tokens[self.position] if self.position < len(self.tokens) else None
        if token is None or token[0] != "atom":
            return super()._operand()
        self.position += 1
        value, tag = token[1], token[2]
        candidates = self._candidates(value, tag)
        return {pmid for pmid in candidates if field_matches(self.records[pmid], value, tag)}

    def _candidates(self, value: str, tag: str) -> Iterable[str]:
        index = self.indexes
        if tag == "ti":
            words = normalize(value).split()
            if not words:
                return self.records
            return set.intersection(*(index.by_word.get(word, set()) for word in words))
        if tag == "au":
            words = normalize(value).split()
            return index.authorless.union(
                *(index.by_surname.get(" ".join(words[:k]), set()) for k in range(1, len(words) + 1)))
        if tag == "dp":
            return index.by_year.get(value[:4], set())
        if tag == "ta":
            return index.by_journal.get(normalize(value), set())
        if tag == "doi":
            return index.by_doi.get(value.lower(), set())
        if tag in ("pmid", "uid"):
            return [value] if value in self.records else []
        return []


class IndexedStandin(EutilsStandin):
    """Same requests log, formats, faults and answers as `EutilsStandin`, with indexes that narrow which records
    each ECitMatch line and ESearch term atom is checked against, so that serving a benchmark pool of 12,000
    records is not the bottleneck (the plain stand-in scans every record, which is right for a few dozen)."""

    def __init__(self, records: dict[str, Record]) -> None:
        super().__init__(records)
        self.indexes = _Indexes(records)

    @classmethod
    def from_files(cls, paths: Iterable[Path]) -> IndexedStandin:
        return cls(load_records(paths))

    def _known_journals(self) -> set[str]:
        return self.indexes.journals

    def _citation_candidates(self, journal: str, volume: str, page: str) -> Iterable[Record]:
        if volume and page:
            pmids: Iterable[str] = self.indexes.by_locator.get((volume, page), [])
        elif journal:
            pmids = self.indexes.by_journal.get(journal, set())
        else:
            return self.records.values()
        return [self.records[pmid] for pmid in pmids]

    def _evaluate(self, term: str) -> set[str]:
        """The same term evaluation, over the indexes."""
        return _IndexedTerm(term, self.records, self.indexes).evaluate()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _error_page(status: int, reason: str) -> bytes:
    return (
        f"<!DOCTYPE html><html><head><title>{status} {reason}</title></head>"
        f"<body><h1>{reason}</h1><p>The server encountered an error.</p></body></html>"
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    owner: EutilsStandin

    def do_GET(self) -> None:
        self._handle("")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        self._handle(self.rfile.read(length).decode())

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the stand-in keeps its own request log."""

    def _handle(self, form: str) -> None:
        url = urlsplit(self.path)
        endpoint = url.path.rsplit("/", 1)[-1]
        params = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        params.update({k: v[-1] for k, v in parse_qs(form, keep_blank_values=True).items()})
        fault = self.owner._arrive(endpoint, self.command, params)
        try:
            self._respond(fault, endpoint, params)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up first (a timeout test)

    def _respond(self, fault: Fault, endpoint: str, params: dict[str, str]) -> None:
        if fault.answer is not None:
            answer = fault.answer
            self._send(answer.status, answer.content_type, answer.body, dict(answer.headers))
            return
        if fault.kind in ("trickle", "flood"):
            self._stream(fault)
            return
        if fault.kind == "429":
            key = params.get("api_key") or self.client_address[0]
            body = json.dumps(
                {"error": "API rate limit exceeded", "api-key": key, "count": "11", "limit": "10"}
            ).encode()
            self._send(429, "application/json", body, {"Retry-After": str(fault.retry_after)})
            return
        if fault.kind in ("400", "500", "502", "503"):
            status = int(fault.kind)
            reason = self.responses[status][0]
            self._send(status, "text/html", _error_page(status, reason))
            return
        if fault.kind == "slow":
            time.sleep(fault.delay)
        status, content_type, body = self.owner.answer(endpoint, params)
        if fault.kind == "truncated":
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.close_connection = True
            return
        if fault.kind == "malformed":
            closing = body.rfind(b"</")
            body = body[:closing] if closing > 0 else body[: len(body) // 2]
        self._send(status, content_type, body)

    def _stream(self, fault: Fault) -> None:
        """A body that never ends in time (`trickle`) or is too large to hold (`flood`), until the client leaves."""
        trickle = fault.kind == "trickle"
        self.send_response(200)
        self.send_header("Content-Type", "text/xml; charset=UTF-8")
        self.send_header("Content-Length", str(1_000_000 if trickle else fault.size))
        self.end_headers()
        self.close_connection = True
        chunk = b"x" if trickle else b"x" * 65536
        for _ in range(1_000_000 if trickle else -(-fault.size // len(chunk))):
            self.wfile.write(chunk)
            self.wfile.flush()
            if trickle:
                time.sleep(fault.delay)

    def _send(self, status: int, content_type: str, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
