"""Workbooks read from a link (docs/workbook.md, "Reading from a link").

A local HTTP server (standard library, bound to 127.0.0.1 on a free port) serves good, missing,
forbidden, slow, oversized, HTML and redirecting answers; nothing here reaches the internet.
Google Sheets links are checked by their export address, and end to end by pointing the export
origin at the local server.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import re
import shutil
import socket
import ssl
import subprocess
import threading
import time
import urllib.error
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from netwk_analysis import cli
from netwk_analysis.cli import main
from netwk_analysis.core.model import UnreadableWorkbook
from netwk_analysis.reading import links
from netwk_analysis.reading.links import fetch_snapshot, google_export_address, is_address

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_ID = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms"
PUBLISHED_KEY = "2PACX-1vRk3_example-KEY_0123456789"
GOOGLE_FIX = "share it as 'anyone with the link can view', or download it as .xlsx"
LOGIN_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head>"
    b"<body><form action='/signin'><input name='email'></form></body></html>"
)
CSV_BODY = b"Name,Company,Referred By\r\nAlice Moreno,Acme,\r\nBen Carter,Acme,Alice Moreno\r\n"


# --------------------------------------------------------------------------------------------
# The local server


class Site:
    """What the test server answers, and its address."""

    def __init__(self, book: bytes) -> None:
        self.book = book
        self.release = threading.Event()  # lets slow answers end at teardown
        self.base = ""

    def url(self, path: str) -> str:
        return self.base + path


def _handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # keep the test output clean
            pass

        def send(self, status, body=b"", content_type=None, headers=(), length=True):
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            for key, value in headers:
                self.send_header(key, value)
            if length:
                self.send_header("Content-Length", str(len(body)))
            else:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: C901 - one branch per test answer
            path = urlsplit(self.path).path
            google = re.fullmatch(r"/spreadsheets/d/(?:e/)?([\w-]+)/(?:export|pub)", path)
            if google:
                path = f"/google/{google.group(1)}"
            if path in ("/book.xlsx", f"/google/{SHEET_ID}", f"/google/{PUBLISHED_KEY}"):
                self.send(200, site.book, XLSX_TYPE)
            elif path == "/download":  # no suffix: the file name comes from the header
                disposition = ("Content-Disposition", 'attachment; filename="Network.xlsx"')
                self.send(200, site.book, "application/octet-stream", [disposition])
            elif path == "/contacts.csv":
                self.send(200, CSV_BODY, "text/csv; charset=utf-8")
            elif path == "/export":  # CSV with no suffix, known by its content type only
                self.send(200, CSV_BODY, "text/csv")
            elif path in ("/missing.xlsx", "/google/GONE0123456789"):
                self.send(404, b"not here", "text/plain")
            elif path in ("/forbidden.xlsx", "/google/PRIVATE0123456789"):
                self.send(403, b"no", "text/plain")
            elif path == "/private.xlsx":
                self.send(401, b"no", "text/plain", [("WWW-Authenticate", 'Basic realm="x"')])
            elif path == "/broken.xlsx":
                self.send(500, b"oops", "text/plain")
            elif path in ("/login", "/signin"):
                self.send(200, LOGIN_PAGE, "text/html; charset=utf-8")
            elif path == "/login-as-xlsx":  # a sign-in page that claims to be a workbook
                self.send(200, LOGIN_PAGE, XLSX_TYPE)
            elif path == "/google/SIGNIN0123456789":
                self.send(302, headers=[("Location", site.url("/signin"))])
            elif path == "/moved.xlsx":
                self.send(302, headers=[("Location", "/book.xlsx")])
            elif path == "/moved-twice":
                self.send(301, headers=[("Location", site.url("/moved.xlsx"))])
            elif path == "/to-http":
                self.send(302, headers=[("Location", "http://example.com/book.xlsx")])
            elif path == "/to-file":
                self.send(302, headers=[("Location", "file:///etc/passwd")])
            elif path == "/loop":
                self.send(302, headers=[("Location", "/loop")])
            elif path == "/mislabelled":  # a workbook sent as a web page: its bytes decide
                self.send(200, site.book, "text/html")
            elif path == "/cut.xlsx":  # announces the whole book, sends half, hangs up
                self.send_response(200)
                self.send_header("Content-Length", str(len(site.book)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(site.book[: len(site.book) // 2])
                self.close_connection = True
            elif path == "/notes.json":
                self.send(200, b'{"name": "Alice"}', "application/json")
            elif path == "/empty.xlsx":
                self.send(200, b"", XLSX_TYPE)
            elif path == "/big.xlsx":  # announced too large: refused before reading the body
                self.send(200, site.book + b"\0" * 5000, XLSX_TYPE)
            elif path == "/big-stream.xlsx":  # no length announced: reading stops at the limit
                self.send(200, site.book + b"\0" * 5000, XLSX_TYPE, length=False)
            elif path == "/slow.xlsx":  # nothing at all until the test is over
                site.release.wait(10)
            elif path == "/trickle.xlsx":  # one byte every 0.1 s: each wait is short
                self.send_response(200)
                self.send_header("Content-Type", XLSX_TYPE)
                self.send_header("Content-Length", str(len(site.book)))
                self.end_headers()
                for byte in site.book[:100]:
                    if site.release.wait(0.1):
                        break
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
            else:
                self.send(404, b"", "text/plain")

    return Handler


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # a client that gave up (a timeout test) is not an error here


@pytest.fixture(scope="module")
def book_path(write_workbook, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("book")
    return write_workbook(
        folder / "book.xlsx",
        contacts=[
            ["Alice Moreno", "Acme", None, "alumni", None, dt.date(2026, 2, 20)],
            ["Ben Carter", "Acme", "Alice Moreno", None, None, dt.date(2026, 3, 1)],
            ["Dana Ruiz", "Zinc", "Alice Moreno", None, None, dt.date(2026, 3, 1)],
            ["Eli Stone", "Zinc", "Dana Ruiz", None, None, dt.date(2026, 3, 5)],
        ],
        interactions=[
            [dt.date(2026, 3, 2), "Alice Moreno", "request", "email"],
            [dt.date(2026, 3, 3), "Alice Moreno", "reply", "email"],
            [dt.date(2026, 3, 9), "Alice Moreno", "interview", "video", 30],
            [dt.date(2026, 3, 6), "Ben Carter", "request", "linkedin"],
            [dt.date(2026, 3, 4), "Dana Ruiz", "request", "email"],
            [dt.date(2026, 3, 5), "Dana Ruiz", "reply", "email"],
        ],
        leads=[[dt.date(2026, 3, 10), "Dana Ruiz", "Zinc", "Analyst", "applied"]],
        settings={"as_of": "2026-03-12"},
    )


@pytest.fixture(scope="module")
def site(book_path):
    site = Site(book_path.read_bytes())
    server, thread = _serve(site, "127.0.0.1")
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield site
    site.release.set()
    _stop(server, thread)


def _serve(site: Site, host: str, family=socket.AF_INET, context=None):
    """Start a server for ``site`` on ``host``; returns it and its thread."""
    server_class = type("Server", (QuietServer,), {"address_family": family})
    server = server_class((host, 0), _handler(site))
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


def _stop(server, thread) -> None:
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture(scope="module")
def secure_site(book_path, tmp_path_factory):
    """The same answers over https, with a certificate made for 127.0.0.1 by openssl."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    site = Site(book_path.read_bytes())
    server, thread = _serve(site, "127.0.0.1", context=context)
    site.base = f"https://127.0.0.1:{server.server_address[1]}"
    site.cert = cert
    yield site
    site.release.set()
    _stop(server, thread)


@pytest.fixture
def google(site, monkeypatch):
    """Google Sheets export addresses point at the local server."""
    monkeypatch.setattr(links, "GOOGLE_ORIGIN", site.base)
    return lambda path: f"https://docs.google.com/spreadsheets/d/{path}"


def _refusal(address: str, **options) -> str:
    with pytest.raises(UnreadableWorkbook) as refused:
        fetch_snapshot(address, **options)
    return str(refused.value)


# --------------------------------------------------------------------------------------------
# Addresses


@pytest.mark.parametrize(
    "link",
    [
        f"https://docs.google.com/spreadsheets/d/{SHEET_ID}/edit#gid=0",
        f"https://docs.google.com/spreadsheets/d/{SHEET_ID}/edit?usp=sharing",
        f"https://docs.google.com/spreadsheets/d/{SHEET_ID}/edit?gid=1234#gid=1234",
        f"https://docs.google.com/spreadsheets/d/{SHEET_ID}/",
        f"https://docs.google.com/spreadsheets/d/{SHEET_ID}",
        f"https://docs.google.com/spreadsheets/d/{SHEET_ID}/view?usp=sharing",
        f"https://docs.google.com/spreadsheets/d/{SHEET_ID}/htmlview",
        f"https://docs.google.com/spreadsheets/d/{SHEET_ID}/export?format=csv&gid=5",
        f"https://docs.google.com/spreadsheets/u/1/d/{SHEET_ID}/edit",
        f"  HTTPS://DOCS.GOOGLE.COM/spreadsheets/d/{SHEET_ID}/edit  ",
        f"http://docs.google.com/spreadsheets/d/{SHEET_ID}/edit",
    ],
)
def test_google_sheets_links_map_to_the_xlsx_export(link):
    assert google_export_address(link) == (
        f"https://docs.google.com/spreadsheets/d/{SHEET_ID}/export?format=xlsx"
    )


@pytest.mark.parametrize(
    "link",
    [
        f"https://docs.google.com/spreadsheets/d/e/{PUBLISHED_KEY}/pubhtml",
        f"https://docs.google.com/spreadsheets/d/e/{PUBLISHED_KEY}/pubhtml?gid=0&single=true",
        f"https://docs.google.com/spreadsheets/d/e/{PUBLISHED_KEY}/pub?output=csv",
        f"https://docs.google.com/spreadsheets/d/e/{PUBLISHED_KEY}/pub?gid=0&output=tsv",
    ],
)
def test_published_google_sheets_map_to_the_published_xlsx(link):
    assert google_export_address(link) == (
        f"https://docs.google.com/spreadsheets/d/e/{PUBLISHED_KEY}/pub?output=xlsx"
    )


def test_other_addresses_are_not_google_sheets():
    assert google_export_address("https://example.com/spreadsheets/d/abcdefghijkl/edit") is None
    assert google_export_address("https://sheets.example.org/book.xlsx") is None


def test_a_google_docs_link_that_is_not_a_spreadsheet_is_refused():
    link = f"https://docs.google.com/document/d/{SHEET_ID}/edit"
    assert _refusal(link) == (
        f"{link} is not the link of a Google Sheets spreadsheet; open the spreadsheet and copy "
        "its link with Share > Copy link"
    )


def test_what_counts_as_an_address():
    assert is_address("https://example.com/book.xlsx")
    assert is_address("HTTP://localhost:8000/book.xlsx")
    assert is_address(" ftp://example.com/book.xlsx")
    assert not is_address("book.xlsx")
    assert not is_address("reports/https/book.xlsx")
    assert not is_address(r"C:\Users\me\book.xlsx")


@pytest.mark.parametrize(
    "address",
    ["http://example.com/book.xlsx", "http://10.0.0.5/book.xlsx", "ftp://example.com/book.xlsx"],
)
def test_only_https_is_read_except_from_this_computer(address, capsys):
    assert main(["check", address]) == 2
    assert capsys.readouterr().err == (
        f"netwk check: {address}: only https:// addresses are read (http:// only from this "
        "computer: localhost, 127.0.0.1, [::1]); use the https:// address, or download it and "
        "pass the file\n"
    )


def test_an_address_that_cannot_be_taken_apart_is_one_sentence():
    assert _refusal("https://[example.com/book.xlsx") == (
        "https://[example.com/book.xlsx is not a valid address (Invalid IPv6 URL); check it"
    )


def test_a_server_name_that_is_not_found_is_one_sentence():
    """What urllib raises when the name lookup fails (no lookup is made here)."""
    lookup = urllib.error.URLError(socket.gaierror(socket.EAI_NONAME, "Name or service not known"))
    sentence = links._failure("https://sheets.example/book.xlsx", lookup, timeout=30, google=False)
    assert str(sentence) == (
        "https://sheets.example/book.xlsx: cannot find the server sheets.example; check the "
        "address and your internet connection"
    )


def test_an_address_with_a_password_is_refused_without_showing_it():
    message = _refusal("https://me:secret@example.com/book.xlsx")
    assert message == (
        "https://example.com/book.xlsx: an address holding a user name or password is not read; "
        "make the file readable without one, or download it and pass the file"
    )


# --------------------------------------------------------------------------------------------
# Good answers


def test_an_xlsx_is_read_into_memory(site, book_path):
    snapshot = fetch_snapshot(site.url("/book.xlsx"))
    assert snapshot.name == site.url("/book.xlsx")
    assert (snapshot.data, snapshot.suffix, snapshot.path) == (
        book_path.read_bytes(),
        ".xlsx",
        None,
    )


def test_the_format_comes_from_the_file_name_the_answer_gives(site):
    assert fetch_snapshot(site.url("/download")).suffix == ".xlsx"


def test_a_workbook_is_known_by_its_bytes_whatever_the_content_type(site, book_path):
    snapshot = fetch_snapshot(site.url("/mislabelled"))
    assert (snapshot.data, snapshot.suffix) == (book_path.read_bytes(), ".xlsx")


@pytest.mark.parametrize("path", ["/contacts.csv", "/export"])
def test_a_csv_is_known_by_its_suffix_or_content_type(site, path):
    snapshot = fetch_snapshot(site.url(path))
    assert (snapshot.data, snapshot.suffix) == (CSV_BODY, ".csv")


@pytest.mark.parametrize("path", ["/moved.xlsx", "/moved-twice"])
def test_redirects_are_followed(site, book_path, path):
    snapshot = fetch_snapshot(site.url(path))
    assert snapshot.data == book_path.read_bytes()
    assert snapshot.name == site.url(path)


def test_localhost_and_ipv6_loopback_are_read_over_http(site, book_path):
    port = site.base.rpartition(":")[2]
    assert fetch_snapshot(f"http://localhost:{port}/book.xlsx").data == book_path.read_bytes()
    server, thread = _serve(site, "::1", family=socket.AF_INET6)
    try:
        address = f"http://[::1]:{server.server_address[1]}/book.xlsx"
        assert fetch_snapshot(address).data == book_path.read_bytes()
    finally:
        _stop(server, thread)


def test_https_is_read_with_its_certificate_checked(secure_site, book_path, monkeypatch):
    address = secure_site.url("/moved.xlsx")
    assert _refusal(address) == (
        f"{address}: the server's certificate cannot be trusted (self-signed certificate); "
        "check the address, or download it and pass the file"
    )
    monkeypatch.setenv("SSL_CERT_FILE", str(secure_site.cert))  # now the certificate is trusted
    assert fetch_snapshot(address).data == book_path.read_bytes()


def test_a_redirect_from_another_computer_to_this_one_is_refused():
    """http:// to this computer is read only when the address typed was this computer's."""
    with pytest.raises(UnreadableWorkbook) as refused:
        links._refuse_scheme(
            "https://example.com/a.xlsx",
            "http://127.0.0.1/a.xlsx",
            redirect=True,
            loopback_ok=False,
        )
    assert str(refused.value) == (
        "https://example.com/a.xlsx redirected to http://127.0.0.1/a.xlsx, which is not an "
        "https:// address; refusing to follow it"
    )


def test_a_google_sheet_is_read_through_its_export(google, book_path):
    for link in (f"{SHEET_ID}/edit#gid=0", f"e/{PUBLISHED_KEY}/pubhtml"):
        snapshot = fetch_snapshot(google(link))
        assert (snapshot.name, snapshot.data) == (google(link), book_path.read_bytes())


# --------------------------------------------------------------------------------------------
# One line for each failure, exit 2


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/missing.xlsx", "answered 404 (not found): check the address"),
        (
            "/forbidden.xlsx",
            "answered 403 (forbidden): it needs a sign-in this tool cannot give; make the file "
            "readable with the link alone, or download it and pass the file",
        ),
        (
            "/private.xlsx",
            "answered 401 (unauthorized): it needs a sign-in this tool cannot give; make the "
            "file readable with the link alone, or download it and pass the file",
        ),
        (
            "/broken.xlsx",
            "answered 500 (internal server error); try again later, or download it and pass "
            "the file",
        ),
        (
            "/login",
            "answered with a web page (perhaps a sign-in page), not a spreadsheet; give the "
            "address of the .xlsx, .ods or .csv file itself, or download it and pass the file",
        ),
        (
            "/login-as-xlsx",
            "answered with a web page (perhaps a sign-in page), not a spreadsheet; give the "
            "address of the .xlsx, .ods or .csv file itself, or download it and pass the file",
        ),
        (
            "/notes.json",
            "answered with application/json, not an .xlsx, .ods or .csv spreadsheet; check the "
            "address",
        ),
        ("/empty.xlsx", "answered with an empty body, not a spreadsheet; check the address"),
        ("/loop", "redirected more than 10 times (or in a loop); check the address"),
        (
            "/cut.xlsx",
            ": the connection closed before the whole file arrived; try again, or download it "
            "and pass the file",
        ),
    ],
)
def test_a_failed_answer_is_one_line_and_exit_2(site, capsys, path, says):
    address = site.url(path)
    assert main(["check", address]) == 2
    captured = capsys.readouterr()
    space = "" if says.startswith(":") else " "
    assert (captured.out, captured.err) == ("", f"netwk check: {address}{space}{says}\n")


@pytest.mark.parametrize(
    ("path", "target"),
    [("/to-http", "http://example.com/book.xlsx"), ("/to-file", "file:///etc/passwd")],
)
def test_a_redirect_away_from_https_is_not_followed(site, capsys, path, target):
    address = site.url(path)
    assert main(["due", address]) == 2
    assert capsys.readouterr().err == (
        f"netwk due: {address} redirected to {target}, which is not an https:// address; "
        "refusing to follow it\n"
    )


@pytest.mark.parametrize(
    ("link", "says"),
    [
        ("PRIVATE0123456789/edit#gid=0", f"Google Sheets answered 403: {GOOGLE_FIX}"),
        (
            "SIGNIN0123456789/edit",
            f"Google Sheets answered with a sign-in page, not the spreadsheet: {GOOGLE_FIX}",
        ),
        (
            "GONE0123456789/edit",
            "Google Sheets answered 404: no spreadsheet has this link (deleted, or the link is "
            "cut short); copy it again with Share > Copy link",
        ),
    ],
)
def test_google_sheets_failures_say_how_to_share(google, capsys, link, says):
    assert main(["stats", google(link)]) == 2
    assert capsys.readouterr().err == f"netwk stats: {says}\n"


def test_a_connection_refused_is_one_line(capsys):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"http://127.0.0.1:{port}/book.xlsx"
    assert main(["tree", address]) == 2
    assert capsys.readouterr().err == (
        f"netwk tree: {address}: the connection was refused (nothing answers at 127.0.0.1); "
        "check the address\n"
    )


@pytest.mark.parametrize("path", ["/slow.xlsx", "/trickle.xlsx"])
def test_the_time_limit_holds_for_the_whole_download(site, path):
    """A silent server, and one that sends a byte every 0.1 s: both stopped at 0.5 s."""
    address = site.url(path)
    started = time.monotonic()
    message = _refusal(address, timeout=0.5)
    took = time.monotonic() - started
    assert message == (
        f"{address} did not answer within 0.5 s; try again, or download it and pass the file"
    )
    assert took < 2.0  # the trickle would take 10 s; the silent server never answers


def test_a_timeout_through_the_command_line(site, capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(links, "fetch_snapshot", functools.partial(fetch_snapshot, timeout=0.5))
    address = site.url("/slow.xlsx")
    assert main(["report", address, "--out", str(tmp_path / "unused")]) == 2
    assert capsys.readouterr().err == (
        f"netwk report: {address} did not answer within 0.5 s; try again, or download it and "
        "pass the file\n"
    )
    assert not (tmp_path / "unused").exists()


@pytest.mark.parametrize("path", ["/big.xlsx", "/big-stream.xlsx"])
def test_a_body_over_the_size_limit_is_refused(site, book_path, path, capsys, monkeypatch):
    limit = len(book_path.read_bytes()) + 1000
    address = site.url(path)
    expected = (
        f"{address} is larger than {limit:,} bytes, the most a download may be; stopped reading "
        "it. Check that the address is your workbook's"
    )
    assert _refusal(address, max_bytes=limit) == expected
    monkeypatch.setattr(
        links, "fetch_snapshot", functools.partial(fetch_snapshot, max_bytes=limit)
    )
    assert main(["check", address]) == 2
    assert capsys.readouterr().err == f"netwk check: {expected}\n"
    assert fetch_snapshot(site.url("/book.xlsx"), max_bytes=limit).suffix == ".xlsx"


# --------------------------------------------------------------------------------------------
# Every command gives the same output from the link as from the file


def _reading_commands() -> list[list[str]]:
    """Every command with a ``workbook`` argument, once per ``--format`` it offers.

    Found from the parser, so a command added later is checked too; ``report`` writes files and
    has its own test below.
    """
    actions = cli._parser()._actions
    commands = next(a for a in actions if isinstance(a, argparse._SubParsersAction))
    runs = []
    for name, sub in sorted(commands.choices.items()):
        options = {action.dest: action for action in sub._actions}
        if "workbook" not in options or name == "report":
            continue
        formats = options["format"].choices if "format" in options else [None]
        runs += [[name] + (["--format", choice] if choice else []) for choice in formats]
    return runs


READING_COMMANDS = _reading_commands()


def test_the_commands_that_read_a_workbook_are_all_checked():
    names = {run[0] for run in READING_COMMANDS}
    assert names >= {"check", "due", "stats", "tree"}
    assert ["due", "--format", "json"] in READING_COMMANDS


@pytest.mark.parametrize("options", READING_COMMANDS, ids=" ".join)
def test_every_command_reads_the_link_as_it_reads_the_file(site, book_path, capsys, options):
    command, *rest = options
    address = site.url("/book.xlsx")
    assert main([command, str(book_path), *rest]) == 0
    from_file = capsys.readouterr()
    assert main([command, address, *rest]) == 0
    from_link = capsys.readouterr()
    assert from_file.out.strip()
    assert from_link.out == from_file.out.replace(str(book_path), address)
    assert from_link.err == from_file.err.replace(str(book_path), address)


def test_the_report_from_the_link_matches_the_one_from_the_file(site, book_path, tmp_path, capsys):
    address = site.url("/book.xlsx")
    assert main(["report", str(book_path), "--out", str(tmp_path / "file")]) == 0
    from_file = capsys.readouterr().out
    assert main(["report", address, "--out", str(tmp_path / "link")]) == 0
    from_link = capsys.readouterr().out
    files = sorted(path.name for path in (tmp_path / "file").iterdir())
    assert files == sorted(path.name for path in (tmp_path / "link").iterdir())
    assert (tmp_path / "link" / "due.csv").read_bytes() == (
        tmp_path / "file" / "due.csv"
    ).read_bytes()
    first_file, *rest_file = from_file.splitlines()
    first_link, *rest_link = from_link.splitlines()
    assert first_file.startswith("Weekly review of book.xlsx: week of ")
    assert first_link == first_file.replace("book.xlsx", "workbook")  # a download has no path
    assert rest_link[:-1] == rest_file[:-1]  # the numbers and the count due
    assert rest_link[-1] == f"Report: {tmp_path / 'link' / 'index.html'}"


def test_a_csv_from_a_link_is_read_as_the_same_file_would_be(site, tmp_path, capsys):
    path = tmp_path / "contacts.csv"
    path.write_bytes(CSV_BODY)
    assert main(["tree", str(path), "--format", "csv"]) == 0
    from_file = capsys.readouterr().out
    assert main(["tree", site.url("/contacts.csv"), "--format", "csv"]) == 0
    assert capsys.readouterr().out == from_file
    assert "Ben Carter" in from_file


def test_due_ics_beside_a_linked_workbook(site, tmp_path, capsys):
    ics = tmp_path / "due.ics"
    assert main(["due", site.url("/book.xlsx"), "--ics", str(ics)]) == 0
    assert ics.read_bytes().startswith(b"BEGIN:VCALENDAR")
