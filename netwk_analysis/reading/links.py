"""Workbooks read from a link: a Google Sheets link or any ``https://`` address.

docs/workbook.md, "Reading from a link": a Google Sheets link is read through its xlsx export
address; any other address must answer with an xlsx, ods or csv body. The answer is downloaded to
memory only (never to a file), within a time limit for the whole download and a size limit, and
becomes a ``Snapshot`` that goes through the same guards and parsers as a file. ``http://`` is read
only from this computer (``localhost``, ``127.0.0.1``, ``[::1]``); redirects are followed, never to
an address that is not ``https://``. Every failure is one ``UnreadableWorkbook`` sentence.
"""

from __future__ import annotations

import re
import threading
import time
import urllib.parse
from dataclasses import dataclass
from typing import TYPE_CHECKING

from netwk_analysis.core.model import UnreadableWorkbook
from netwk_analysis.reading.guards import OLE_MAGIC, ZIP_MAGICS
from netwk_analysis.reading.snapshot import Snapshot

if TYPE_CHECKING:  # the email package is imported only when a download reads its headers
    from email.message import Message

__all__ = [
    "DOWNLOAD_TIMEOUT",
    "MAX_DOWNLOAD_BYTES",
    "fetch_snapshot",
    "google_export_address",
    "is_address",
]

DOWNLOAD_TIMEOUT = 30.0
"""Seconds the whole download may take (connecting, waiting and reading together)."""
MAX_DOWNLOAD_BYTES = 256 * 1024 * 1024
"""Largest answer read (256 MiB): it is held in memory, and a 100,000-contact workbook is
about 15 MB; the parts inside it then go through the guards' limits like a file's."""
GOOGLE_ORIGIN = "https://docs.google.com"
"""Where Google Sheets export addresses point (tests point it at a local server)."""

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
MAX_REDIRECTS = 10
CHUNK_BYTES = 1 << 20
GOOGLE_HOSTS = ("docs.google.com", "spreadsheets.google.com")
GOOGLE_FIX = "share it as 'anyone with the link can view', or download it as .xlsx"
DOWNLOAD_IT = "or download it and pass the file"

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
_GOOGLE_ID = re.compile(r"^/spreadsheets(?:/u/\d+)?/d/([A-Za-z0-9_\-]{10,})(?:/|$)")
_GOOGLE_PUBLISHED = re.compile(r"^/spreadsheets(?:/u/\d+)?/d/e/([A-Za-z0-9_\-]{10,})(?:/|$)")
_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*://)[^/?#]*@")
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
    re.IGNORECASE | re.DOTALL,
)

XLSX_TYPES = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-excel.sheet.macroenabled.12",
)
ODS_TYPES = ("application/vnd.oasis.opendocument.spreadsheet",)
CSV_TYPES = ("text/csv", "application/csv", "text/comma-separated-values", "text/x-csv")
TSV_TYPES = ("text/tab-separated-values",)
HTML_TYPES = ("text/html", "application/xhtml+xml")
SUFFIXES = (".xlsx", ".xlsm", ".ods", ".csv", ".tsv")


def is_address(text: str) -> bool:
    """Return whether a workbook argument is an address (``scheme://...``) rather than a path.

    Any scheme counts, so that ``ftp://`` or ``http://example.com`` is refused with a reason by
    ``fetch_snapshot`` instead of being looked for on disk.

    Examples
    --------
    >>> is_address("https://docs.google.com/spreadsheets/d/abc/edit"), is_address("book.xlsx")
    (True, False)
    >>> is_address(r"C:\\Users\\me\\book.xlsx"), is_address("ftp://example.com/book.xlsx")
    (False, True)
    """
    return bool(_SCHEME.match(text.strip()))


def google_export_address(address: str) -> str | None:
    """Return the xlsx export address of a Google Sheets link, or None for any other address.

    docs/workbook.md, "Reading from a link": every form of a spreadsheet's link (``/edit#gid=0``,
    ``/view?usp=sharing``, ``/d/ID/``, ``/u/1/d/ID/...``, an ``/export`` address) becomes
    ``/spreadsheets/d/ID/export?format=xlsx`` (all sheets in one file, whatever sheet the link
    shows); a link of a published sheet (``/d/e/KEY/pubhtml``, ``/pub?output=csv``) becomes
    ``/spreadsheets/d/e/KEY/pub?output=xlsx``.

    Raises
    ------
    UnreadableWorkbook
        For a Google Docs address that is not a spreadsheet's (a document, a slide deck).

    Examples
    --------
    >>> google_export_address("https://docs.google.com/spreadsheets/d/1AbCdEfGhIjK/edit#gid=0")
    'https://docs.google.com/spreadsheets/d/1AbCdEfGhIjK/export?format=xlsx'
    >>> google_export_address("https://docs.google.com/spreadsheets/d/e/2PACX-1vQxyz123/pubhtml")
    'https://docs.google.com/spreadsheets/d/e/2PACX-1vQxyz123/pub?output=xlsx'
    >>> google_export_address("https://example.com/book.xlsx") is None
    True
    """
    parts = urllib.parse.urlsplit(address.strip())
    if (parts.hostname or "").lower() not in GOOGLE_HOSTS:
        return None
    if published := _GOOGLE_PUBLISHED.match(parts.path):
        return f"{GOOGLE_ORIGIN}/spreadsheets/d/e/{published.group(1)}/pub?output=xlsx"
    if sheet := _GOOGLE_ID.match(parts.path):
        return f"{GOOGLE_ORIGIN}/spreadsheets/d/{sheet.group(1)}/export?format=xlsx"
    raise UnreadableWorkbook(
        f"{address} is not the link of a Google Sheets spreadsheet; open the spreadsheet and "
        "copy its link with Share > Copy link"
    )


def fetch_snapshot(
    address: str, *, timeout: float = DOWNLOAD_TIMEOUT, max_bytes: int = MAX_DOWNLOAD_BYTES
) -> Snapshot:
    """Download a workbook from ``address`` into memory and return it as a ``Snapshot``.

    docs/workbook.md, "Reading from a link": a Google Sheets link is read through its xlsx export
    address; another address must answer with an xlsx, ods or csv body, judged from the content
    type, the file name the answer gives, the address's suffix and the body's first bytes. Only
    ``https://`` is read (``http://`` only from this computer); redirects are followed, never to
    an address that is not ``https://``. The whole download must finish within ``timeout``
    seconds and hold at most ``max_bytes`` bytes: reading stops at the first byte past it.

    Parameters
    ----------
    address : str
        What the user typed; the snapshot's ``name``, used in every message.
    timeout : float
        Seconds for the whole download.
    max_bytes : int
        Most bytes read.

    Returns
    -------
    Snapshot
        With ``path`` None and ``suffix`` one of ``.xlsx``, ``.xlsm``, ``.ods``, ``.csv`` (or
        ``.xls`` for an old binary file, which the guards then refuse with their own sentence).

    Raises
    ------
    UnreadableWorkbook
        One sentence for a refused address or redirect, an answer of 401/403/404 or another
        error, a timeout, a refused connection, a web page instead of a spreadsheet, an empty
        body or a body over ``max_bytes``.
    """
    address = address.strip()
    try:
        google = google_export_address(address)
        url = google or address
        _refuse_scheme(address, url, redirect=False)
    except ValueError as error:  # urllib's word for an address it cannot take apart
        raise UnreadableWorkbook(
            f"{_without_userinfo(address)} is not a valid address ({error}); check it"
        ) from error
    answer = _download(address, url, timeout=timeout, max_bytes=max_bytes, google=bool(google))
    suffix = _body_suffix(address, answer, google=bool(google))
    return Snapshot(address, answer.data, suffix)


# --------------------------------------------------------------------------------------------
# Which addresses are read


def _is_loopback(url: str) -> bool:
    """Return whether ``url`` points at this computer.

    Examples
    --------
    >>> _is_loopback("http://127.0.0.1:8000/a.xlsx"), _is_loopback("http://[::1]/a.xlsx")
    (True, True)
    >>> _is_loopback("http://example.com/a.xlsx")
    False
    """
    return (urllib.parse.urlsplit(url).hostname or "").lower() in LOOPBACK_HOSTS


def _refuse_scheme(address: str, url: str, *, redirect: bool, loopback_ok: bool = True) -> None:
    """Refuse ``url`` unless it is ``https://``, or ``http://`` to this computer.

    Examples
    --------
    >>> _refuse_scheme("http://example.com/a.csv", "http://example.com/a.csv", redirect=False)
    Traceback (most recent call last):
    ...
    netwk_analysis.core.model.UnreadableWorkbook: http://example.com/a.csv: only https:// ...
    """
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "https" or (scheme == "http" and loopback_ok and _is_loopback(url)):
        if parts.username is not None or parts.password is not None:
            raise UnreadableWorkbook(
                f"{_without_userinfo(address)}: an address holding a user name or password is "
                f"not read; make the file readable without one, {DOWNLOAD_IT}"
            )
        if not parts.hostname:
            raise UnreadableWorkbook(f"{address} has no server name; check the address")
        return
    if redirect:
        raise UnreadableWorkbook(
            f"{address} redirected to {_without_userinfo(url)}, which is not an https:// "
            "address; refusing to follow it"
        )
    raise UnreadableWorkbook(
        f"{_without_userinfo(address)}: only https:// addresses are read (http:// only from "
        "this computer: localhost, 127.0.0.1, [::1]); use the https:// address, "
        f"{DOWNLOAD_IT}"
    )


def _without_userinfo(url: str) -> str:
    """Return ``url`` without any ``user:password@`` part (never echo a password).

    Examples
    --------
    >>> _without_userinfo("https://me:secret@example.com/a.xlsx")
    'https://example.com/a.xlsx'
    >>> _without_userinfo("https://example.com/a.xlsx?by=me@example.com")
    'https://example.com/a.xlsx?by=me@example.com'
    """
    return _USERINFO.sub(r"\1", url)


# --------------------------------------------------------------------------------------------
# Downloading


@dataclass(frozen=True)
class _Answer:
    """A finished download: the body and the headers that say what it is."""

    data: bytes
    url: str
    content_type: str
    filename: str


def _download(address: str, url: str, *, timeout: float, max_bytes: int, google: bool) -> _Answer:
    """Download ``url`` in a background thread, giving up ``timeout`` seconds after the start.

    The thread makes the limit hold for the whole download, name lookup included (socket
    timeouts alone bound each wait, not their sum, and not the lookup); it is a daemon, so a
    server that stays silent never delays the program's exit, and it stops reading once the
    time is up.
    """
    deadline = time.monotonic() + timeout
    outcome: dict[str, object] = {}
    done = threading.Event()

    def work() -> None:
        try:
            outcome["answer"] = _read(
                address, url, timeout=timeout, deadline=deadline, max_bytes=max_bytes
            )
        except BaseException as error:  # handed to the caller, who turns it into a sentence
            outcome["error"] = error
        finally:
            done.set()

    threading.Thread(target=work, name="netwk-download", daemon=True).start()
    if not done.wait(timeout) or isinstance(outcome.get("error"), _OutOfTime):
        raise _timeout(address, timeout, google=google)
    error = outcome.get("error")
    if error is not None:
        raise _failure(address, error, timeout=timeout, google=google) from error
    answer = outcome["answer"]
    assert isinstance(answer, _Answer)
    return answer


class _OutOfTime(Exception):
    """The reading thread noticed the deadline had passed."""


class _RefusedRedirect(Exception):
    """A redirect to an address that is not read; carries the sentence."""


def _read(address: str, url: str, *, timeout: float, deadline: float, max_bytes: int) -> _Answer:
    """Open ``url`` (following redirects) and read its body, stopping past ``max_bytes``."""
    import http.client
    import urllib.request

    headers = {"User-Agent": "netwk-analysis", "Accept": "*/*"}
    request = urllib.request.Request(url, headers=headers)
    opener = _opener(address, loopback=_is_loopback(url))
    with opener.open(request, timeout=timeout) as response:
        declared = response.headers.get("Content-Length", "")
        if declared.strip().isdigit() and int(declared) > max_bytes:
            raise _too_large(address, max_bytes)
        body = bytearray()
        while chunk := response.read1(min(CHUNK_BYTES, max_bytes + 1 - len(body))):
            body += chunk
            if len(body) > max_bytes:  # one byte past the limit: stop reading
                raise _too_large(address, max_bytes)
            if time.monotonic() > deadline:
                raise _OutOfTime
        if declared.strip().isdigit() and len(body) < int(declared):
            raise http.client.IncompleteRead(bytes(body), int(declared) - len(body))
        return _Answer(
            bytes(body),
            response.geturl(),
            response.headers.get_content_type() if response.headers.get("Content-Type") else "",
            _attachment_name(response.headers),
        )


def _opener(address: str, *, loopback: bool):
    """Return a urllib opener whose redirects are checked; no proxy for this computer."""
    import urllib.request

    class CheckedRedirects(urllib.request.HTTPRedirectHandler):
        max_redirections = MAX_REDIRECTS

        def redirect_request(self, req, fp, code, msg, headers, newurl):
            try:
                _refuse_scheme(address, newurl, redirect=True, loopback_ok=loopback)
            except UnreadableWorkbook as refusal:
                raise _RefusedRedirect(str(refusal)) from None
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    handlers = [CheckedRedirects()]
    if loopback:
        handlers.append(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener(*handlers)


def _attachment_name(headers: Message) -> str:
    """Return the file name a ``Content-Disposition`` header gives, or ``""``.

    Examples
    --------
    >>> from email.message import Message
    >>> message = Message()
    >>> message["Content-Disposition"] = 'attachment; filename="Network.xlsx"'
    >>> _attachment_name(message)
    'Network.xlsx'
    """
    return headers.get_filename() or ""


# --------------------------------------------------------------------------------------------
# What went wrong, in one sentence


def _timeout(address: str, timeout: float, *, google: bool) -> UnreadableWorkbook:
    """The sentence for a download that did not finish in time."""
    who = "Google Sheets" if google else address
    return UnreadableWorkbook(
        f"{who} did not answer within {timeout:g} s; try again, {DOWNLOAD_IT}"
    )


def _too_large(address: str, max_bytes: int) -> UnreadableWorkbook:
    """The sentence for an answer larger than the limit."""
    return UnreadableWorkbook(
        f"{address} is larger than {_size(max_bytes)}, the most a download may be; stopped "
        "reading it. Check that the address is your workbook's"
    )


def _size(count: int) -> str:
    """Format a byte count as people read it.

    Examples
    --------
    >>> _size(2048), _size(2 << 30)
    ('2,048 bytes', '2,147 MB')
    """
    return f"{count:,} bytes" if count < 1_000_000 else f"{count / 1e6:,.0f} MB"


def _failure(address: str, error: BaseException, *, timeout: float, google: bool):
    """Turn what urllib raised into the sentence the user reads."""
    import http.client
    import socket
    import ssl
    import urllib.error

    if isinstance(error, UnreadableWorkbook):
        return error
    if isinstance(error, _RefusedRedirect):
        return UnreadableWorkbook(str(error))
    if isinstance(error, urllib.error.HTTPError):
        error.close()  # its body is not needed
        if error.code in (301, 302, 303, 307, 308):
            return UnreadableWorkbook(_redirect_sentence(address, error))
        return UnreadableWorkbook(_status_sentence(address, error.code, error.reason, google))
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    host = urllib.parse.urlsplit(address).hostname
    if isinstance(reason, TimeoutError):
        return _timeout(address, timeout, google=google)
    if isinstance(reason, ConnectionRefusedError):
        return UnreadableWorkbook(
            f"{address}: the connection was refused (nothing answers at {host}); check the address"
        )
    if isinstance(reason, socket.gaierror):
        return UnreadableWorkbook(
            f"{address}: cannot find the server {host}; check the address and your internet "
            "connection"
        )
    if isinstance(reason, (http.client.IncompleteRead, ConnectionResetError)):
        return UnreadableWorkbook(
            f"{address}: the connection closed before the whole file arrived; try again, "
            f"{DOWNLOAD_IT}"
        )
    if isinstance(reason, ssl.SSLCertVerificationError):
        return UnreadableWorkbook(
            f"{address}: the server's certificate cannot be trusted ({reason.verify_message}); "
            f"check the address, {DOWNLOAD_IT}"
        )
    if isinstance(reason, ssl.SSLError):
        return UnreadableWorkbook(
            f"{address}: the secure connection failed ({reason.reason or reason}); try again, "
            f"{DOWNLOAD_IT}"
        )
    return UnreadableWorkbook(
        f"{address}: the download failed ({reason}); try again, {DOWNLOAD_IT}"
    )


def _redirect_sentence(address: str, error) -> str:
    """The sentence for a redirect urllib would not follow (a loop, a bad scheme, no target)."""
    if "not allowed" in str(error.reason):
        return (
            f"{address} redirected to {_without_userinfo(error.filename)}, which is not an "
            "https:// address; refusing to follow it"
        )
    if "infinite loop" in str(error.reason):
        return (
            f"{address} redirected more than {MAX_REDIRECTS} times (or in a loop); check the "
            "address"
        )
    return f"{address} answered {error.code} without saying where to go; check the address"


STATUS_WORDS = {401: "unauthorized", 403: "forbidden", 404: "not found", 410: "gone"}


def _status_sentence(address: str, code: int, reason: object, google: bool) -> str:
    """The sentence for an HTTP error status.

    Examples
    --------
    >>> print(_status_sentence("https://docs.google.com/spreadsheets/d/x", 403, "", True))
    ... # doctest: +ELLIPSIS
    Google Sheets answered 403: share it as 'anyone with the link can view', or download ...
    >>> _status_sentence("https://example.com/book.xlsx", 404, "Not Found", False)
    'https://example.com/book.xlsx answered 404 (not found): check the address'
    """
    if google and code in (401, 403):
        return f"Google Sheets answered {code}: {GOOGLE_FIX}"
    if google and code in (404, 410):
        return (
            f"Google Sheets answered {code}: no spreadsheet has this link (deleted, or the link "
            "is cut short); copy it again with Share > Copy link"
        )
    if google:
        return f"Google Sheets answered {code} ({reason}); try again later, {DOWNLOAD_IT}"
    words = STATUS_WORDS.get(code) or str(reason).lower() or "error"
    if code in (401, 403):
        return (
            f"{address} answered {code} ({words}): it needs a sign-in this tool cannot give; "
            f"make the file readable with the link alone, {DOWNLOAD_IT}"
        )
    if code in (404, 410):
        return f"{address} answered {code} ({words}): check the address"
    return f"{address} answered {code} ({words}); try again later, {DOWNLOAD_IT}"


# --------------------------------------------------------------------------------------------
# What the answer is


def _body_suffix(address: str, answer: _Answer, *, google: bool) -> str:
    """Return the format of a downloaded body, or refuse a body that is no spreadsheet.

    docs/workbook.md, "Reading from a link": a zip or an old binary workbook is recognised by its
    first bytes, whatever the headers say (the guards then judge it as they judge a file); a web
    page (often a sign-in page, answered with 200) is refused; a text body is read as CSV only
    when the content type, the file name given or the address says CSV.
    """
    data, hint = answer.data, _suffix_hint(answer)
    if not data:
        raise UnreadableWorkbook(
            f"{address} answered with an empty body, not a spreadsheet; check the address"
        )
    if data.startswith(ZIP_MAGICS):
        if hint in (".xlsx", ".xlsm", ".ods"):
            return hint
        return ".ods" if data[30:38] == b"mimetype" else ".xlsx"
    if data.startswith(OLE_MAGIC):
        return ".xls"
    if answer.content_type in HTML_TYPES or _HTML_START.match(data[:4096]):
        if google:
            raise UnreadableWorkbook(
                f"Google Sheets answered with a sign-in page, not the spreadsheet: {GOOGLE_FIX}"
            )
        raise UnreadableWorkbook(
            f"{address} answered with a web page (perhaps a sign-in page), not a spreadsheet; "
            f"give the address of the .xlsx, .ods or .csv file itself, {DOWNLOAD_IT}"
        )
    if hint in (".csv", ".tsv"):
        return hint
    kind = answer.content_type or "no content type"
    raise UnreadableWorkbook(
        f"{address} answered with {kind}, not an .xlsx, .ods or .csv spreadsheet; check the "
        "address"
    )


def _suffix_hint(answer: _Answer) -> str | None:
    """Return the format the headers or the address announce, if any.

    Examples
    --------
    >>> _suffix_hint(_Answer(b"", "https://example.com/x?dl=1", "text/csv", ""))
    '.csv'
    >>> _suffix_hint(_Answer(b"", "https://example.com/Book.XLSX", "application/octet-stream", ""))
    '.xlsx'
    """
    if answer.content_type in XLSX_TYPES:
        return ".xlsx"
    if answer.content_type in ODS_TYPES:
        return ".ods"
    if answer.content_type in CSV_TYPES:
        return ".csv"
    if answer.content_type in TSV_TYPES:
        return ".tsv"
    for name in (answer.filename, urllib.parse.urlsplit(answer.url).path):
        suffix = "." + name.lower().rpartition(".")[2] if "." in name else ""
        if suffix in SUFFIXES:
            return suffix
    return None
