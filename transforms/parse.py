"""Read a landing folder into article records, or reject rows saying why.

Accepted inputs (read recursively):
- `.txt`: either the sample format (first line ` date YYYY-MM-DD <headline>`, blank line, body)
  or a headline on the first line and the body after it;
- `.jsonl` / `.jsonl.gz`: one object a line with `id, date, title, text` (other fields are kept);
- `.csv`: the same columns.

Every record read ends as exactly one `ParsedRecord` or one `Reject`; nothing is dropped silently.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import logging
import re
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

SUPPORTED_SUFFIXES = (".txt", ".jsonl", ".jsonl.gz", ".csv")
MAX_FILE_BYTES = 200 * 1024 * 1024  # a single landing file larger than this is refused
MAX_RECORD_CHARS = 2_000_000  # one article longer than this is refused, not parsed
MAX_GZIP_RATIO = 200  # a .gz that expands more than this per compressed byte is treated as a bomb
MAX_LINE_BYTES = MAX_RECORD_CHARS * 2  # a JSON line longer than this is refused without being held whole
MAX_JSON_DEPTH = 20  # deeper JSON is refused before it is parsed
READ_ATTEMPTS = 4  # transient read failures (vanished, locked, still being written) are retried
READ_BACKOFF_SECONDS = 0.25  # doubled after each failed attempt
TRANSIENT_MARK = "; the next run tries again)"  # ends the reason of a file given up on for now
SNIPPET_CHARS = 200

_DATE_LINE = re.compile(r"^\s*date\s+(\S+)\s*(.*)$")
log = logging.getLogger(__name__)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class ParsedRecord:
    """One article as read from the landing folder, before cleaning."""

    source_path: str  # path relative to the landing folder
    source_id: str  # the record's id, or the file name for .txt
    published_date: dt.date | None
    title: str
    text: str
    record_hash: str  # content hash: identical records are the same record
    extra_json: str = "{}"  # fields beyond id/date/title/text, kept verbatim
    is_encoding_repaired: bool = False  # not valid UTF-8: its stray bytes were read as cp1252


@dataclass(frozen=True)
class Reject:
    """One input that could not be used, with a reason a person understands."""

    source_path: str
    source_id: str | None
    reason: str
    snippet: str
    record_hash: str


@dataclass
class FileScan:
    """What discovery found: files to parse and files refused outright."""

    files: list[Path] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)


def sha256_text(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return ".jsonl.gz" if name.endswith(".jsonl.gz") else path.suffix.lower()


def size_text(limit: int) -> str:
    """A byte limit as the README states it: '200 MiB' for a whole number of MiB, else '8 MB'."""
    return f"{limit // 2**20} MiB" if limit % 2**20 == 0 else f"{limit / 1e6:g} MB"


def _reject(source_path: str, reason: str, snippet: str = "", source_id: str | None = None) -> Reject:
    snippet = snippet[:SNIPPET_CHARS].encode("utf-8", "replace").decode("utf-8")  # no stray surrogates
    return Reject(source_path, source_id, reason, snippet, sha256_text("reject", source_path, reason, snippet))


def discover_files(landing: Path, only: Path | None = None) -> FileScan:
    """List the landing folder's article files (or just `only`, one file in it), refusing what must not
    be read. Symlinks that lead outside the landing folder are refused, as are files of an unknown type.
    """
    scan = FileScan()
    root = landing.resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"input folder {landing} does not exist or is not a folder")
    for path in [only] if only is not None else sorted(landing.rglob("*")):
        rel = path.relative_to(landing).as_posix()
        if any(part.startswith(".") for part in path.relative_to(landing).parts):
            continue  # hidden files and folders (editor swap files, .git) are not input
        try:
            resolved = path.resolve()
            if not resolved.is_relative_to(root):
                scan.rejects.append(_reject(rel, "symlink points outside the input folder", str(resolved)))
                continue
            if path.is_dir():
                continue
            if _suffix(path) not in SUPPORTED_SUFFIXES:
                scan.rejects.append(
                    _reject(rel, f"unsupported file type (accepted: {', '.join(SUPPORTED_SUFFIXES)})")
                )
                continue
            if path.stat().st_size > MAX_FILE_BYTES:
                scan.rejects.append(_reject(rel, f"file larger than {size_text(MAX_FILE_BYTES)}"))
                continue
        except OSError as exc:
            scan.rejects.append(_reject(rel, f"unreadable file: {exc.strerror or exc}"))
            continue
        scan.files.append(path)
    return scan


def parse_date(value: object) -> tuple[dt.date | None, str | None]:
    """Return (date, None) or (None, reason). Empty values are a missing date, not an error."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    text = str(value).strip()[:10] if isinstance(value, str) else str(value)
    if not _ISO_DATE.match(text):
        return None, f"date is not YYYY-MM-DD: {str(value)[:40]!r}"
    try:
        parsed = dt.date.fromisoformat(text)
    except ValueError:
        return None, f"impossible date: {text}"
    if not dt.date(1900, 1, 1) <= parsed <= dt.date(2100, 12, 31):
        return None, f"date out of range: {text}"
    return parsed, None


def _record(
    source_path: str,
    source_id: str,
    date_value: object,
    title: object,
    text: object,
    extra: dict[str, object] | None = None,
    repaired: bool = False,
) -> ParsedRecord | Reject:
    title_s = "" if title is None else str(title)
    text_s = "" if text is None else str(text)
    if not isinstance(title, str | None) or not isinstance(text, str | None):
        return _reject(source_path, "title and text must be strings", repr(text)[:200], source_id)
    snippet = (title_s + " " + text_s).strip()
    if len(text_s) + len(title_s) > MAX_RECORD_CHARS:
        return _reject(source_path, f"record longer than {MAX_RECORD_CHARS} characters", snippet, source_id)
    if not text_s.strip():
        if title_s.strip() and len(title_s.split()) >= 40:
            # a whole article on its title line (seen in real corpora): the title is the body
            text_s, title_s = title_s, ""
        else:
            return _reject(source_path, "empty body", snippet, source_id)
    published, date_problem = parse_date(date_value)
    if date_problem:
        return _reject(source_path, date_problem, snippet, source_id)
    extra_json = json.dumps(extra or {}, sort_keys=True, ensure_ascii=False, default=str)
    record_hash = sha256_text(source_id, str(published or ""), title_s, text_s, extra_json)
    return ParsedRecord(source_path, source_id, published, title_s.strip(), text_s, record_hash, extra_json,
                        repaired)


def parse_txt(raw: str, source_path: str, repaired: bool = False) -> ParsedRecord | Reject:
    """A .txt article: optional ` date YYYY-MM-DD <headline>` line, else headline line, then body."""
    source_id = source_path
    if not raw.strip():
        return _reject(source_path, "empty file", "", source_id)
    first, _, body = raw.lstrip("\ufeff").partition("\n")
    match = _DATE_LINE.match(first)
    if match:
        return _record(source_path, source_id, match.group(1), match.group(2), body, repaired=repaired)
    return _record(source_path, source_id, None, first, body, repaired=repaired)


REPAIR_ENCODING = "cp1252"  # what a byte that is not UTF-8 most often is in news text (Windows' Latin-1)
_REPAIR_ERRORS = "celebgraph-cp1252"


def _read_stray_bytes_as_cp1252(exc: UnicodeError) -> tuple[str, int]:
    """A codec error handler: bytes that are not UTF-8 are read as cp1252; valid UTF-8 around them stays.

    So a UTF-8 file with one Latin-1 byte keeps its accents and quotes, and a cp1252 file reads whole.
    The five bytes cp1252 leaves undefined still fail, and the record is rejected.
    """
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start : exc.end].decode(REPAIR_ENCODING), exc.end


codecs.register_error(_REPAIR_ERRORS, _read_stray_bytes_as_cp1252)


def decode_record_bytes(data: bytes) -> tuple[str, bool]:
    """(text, repaired): UTF-8 when it is, else UTF-8 with its stray bytes read as cp1252.

    Raises UnicodeDecodeError (its `start` the offending byte) when even that fails.
    """
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError as first:
        try:
            return data.decode("utf-8", _REPAIR_ERRORS), True
        except UnicodeDecodeError as exc:
            # the handler's error counts from the stray run; report the first bad byte of the record
            raise UnicodeDecodeError("utf-8", data, first.start, first.end,
                                     f"neither UTF-8 nor {REPAIR_ENCODING} ({exc.reason})") from None


def _undecodable(data: bytes, exc: UnicodeDecodeError, source_path: str, where: str = "") -> Reject:
    snippet = data[max(0, exc.start - 40) : exc.start + 40].decode("utf-8", "replace")
    return _reject(source_path, f"not valid UTF-8 nor {REPAIR_ENCODING} (byte {exc.start}{where})", snippet)


def _decode(data: bytes, source_path: str) -> tuple[str, bool] | Reject:
    try:
        return decode_record_bytes(data)
    except UnicodeDecodeError as exc:
        return _undecodable(data, exc, source_path)


def _gzip_limit(path: Path) -> int:
    return min(max(path.stat().st_size * MAX_GZIP_RATIO, 1 << 20), MAX_FILE_BYTES * 4)


def _check_gzip_bounded(path: Path) -> None:
    """Decompress once without keeping anything, so a zip bomb is refused before any record is read."""
    limit, total = _gzip_limit(path), 0
    with gzip.open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            total += len(chunk)
            if total > limit:
                raise ValueError(f"gzip expands beyond {size_text(limit)} (possible zip bomb)")


def _json_depth(value: object, depth: int = 0) -> int:
    if depth > MAX_JSON_DEPTH:
        return depth
    if isinstance(value, dict):
        return max((_json_depth(v, depth + 1) for v in value.values()), default=depth + 1)
    if isinstance(value, list):
        return max((_json_depth(v, depth + 1) for v in value), default=depth + 1)
    return depth


def _bracket_depth(line: str) -> int:
    """Nesting depth of a JSON text, counted without parsing it (strings are skipped)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in line:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_JSON_DEPTH:
                    return deepest
        elif char in "]}":
            depth -= 1
    return deepest


def _jsonl_line(raw: bytes, where: str) -> Iterator[ParsedRecord | Reject]:
    if b"\x00" in raw:
        yield _reject(where, "binary data in a JSON line", raw[:SNIPPET_CHARS].decode("utf-8", "replace"))
        return
    try:
        line, repaired = decode_record_bytes(raw)
    except UnicodeDecodeError as exc:
        yield _undecodable(raw, exc, where, " of the line")
        return
    if not line.strip():
        return
    # the depth check comes before json.loads: a line of 100,000 "[" must cost neither stack nor time
    if _bracket_depth(line) > MAX_JSON_DEPTH:
        yield _reject(where, f"JSON nested too deeply (more than {MAX_JSON_DEPTH} levels)", line)
        return
    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        yield _reject(where, f"invalid JSON: {getattr(exc, 'msg', 'nested too deeply')}", line)
        return
    if not isinstance(obj, dict):
        yield _reject(where, "JSON line is not an object", line)
        return
    if _json_depth(obj) > MAX_JSON_DEPTH:
        yield _reject(where, "JSON nested too deeply", line)
        return
    yield from _from_mapping(obj, where, default_id=where, repaired=repaired)


def iter_lines_bounded(handle: IO[bytes], max_bytes: int) -> Iterator[tuple[bytes, bool]]:
    """Lines of a binary stream as (line, too_long); a too-long line is skipped in chunks, never held whole."""
    while True:
        line = handle.readline(max_bytes + 1)
        if not line:
            return
        if len(line) <= max_bytes or line.endswith(b"\n"):
            yield line.rstrip(b"\r\n"), False
            continue
        head = line[:SNIPPET_CHARS]
        while line and not line.endswith(b"\n"):
            line = handle.readline(1 << 20)
        yield head, True


def parse_jsonl_stream(handle: IO[bytes], source_path: str) -> Iterator[ParsedRecord | Reject]:
    """JSON lines read one at a time: memory stays bounded by the longest accepted line."""
    first = True
    for line_no, (raw, too_long) in enumerate(iter_lines_bounded(handle, MAX_LINE_BYTES), start=1):
        where = f"{source_path}:{line_no}"
        if first and b"\x00" in raw[:8192] and not raw.lstrip().startswith(b"{"):
            yield _reject(source_path, "binary file, not text")  # the whole file: its "lines" mean nothing
            return
        first = False
        if too_long:
            yield _reject(where, f"line too long (more than {MAX_LINE_BYTES:,} bytes)",
                          raw.decode("utf-8", "replace"))
            continue
        yield from _jsonl_line(raw, where)


def parse_jsonl(text: str, source_path: str) -> Iterator[ParsedRecord | Reject]:
    yield from parse_jsonl_stream(io.BytesIO(text.encode("utf-8", "surrogatepass")), source_path)


def _from_mapping(obj: dict[str, object], where: str, default_id: str,
                  repaired: bool = False) -> Iterator[ParsedRecord | Reject]:
    record_id = obj.get("id")
    source_id = default_id if record_id in (None, "") else str(record_id)
    extra = {k: v for k, v in obj.items() if k not in {"id", "date", "title", "text"}}
    yield _record(where, source_id, obj.get("date"), obj.get("title"), obj.get("text"), extra, repaired)


class _LineFeed:
    """A file's lines handed to `csv.reader` one at a time, at a position that can be moved back: after a
    malformed row, reading starts again on the line after the row's first line."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.position = 0

    def __iter__(self) -> _LineFeed:
        return self

    def __next__(self) -> str:
        if self.position >= len(self.lines):
            raise StopIteration
        self.position += 1
        return self.lines[self.position - 1]


def parse_csv(text: str, source_path: str) -> Iterator[ParsedRecord | Reject]:
    """CSV rows as records, one at a time, each named by the line it starts on (`file.csv:LINE`).

    A malformed row (a quote that never closes, text after a closing quote, more or fewer cells than
    the header) is rejected with its line number and the reason, and reading goes on from the next
    line, so one broken quote cannot swallow the rows after it: every row of the file is read.
    """
    csv.field_size_limit(MAX_RECORD_CHARS)
    # newline="" as the csv module wants: lines end at \n, \r\n or \r, and a quoted cell keeps its own
    feed = _LineFeed(list(io.StringIO(text, newline="")))
    header: list[str] | None = None
    while feed.position < len(feed.lines):
        first_line = feed.position
        where = f"{source_path}:{first_line + 1}"
        try:
            cells = next(csv.reader(feed, strict=True))
        except StopIteration:
            return
        except csv.Error as exc:
            feed.position = first_line + 1
            yield _reject(where, f"malformed CSV row: {exc}", feed.lines[first_line], source_id=where)
            continue
        if not cells:
            continue  # a blank line is no row
        if header is None:
            try:
                header, _ = _repair_cells(cells)
            except UnicodeDecodeError:
                header = [cell.encode("utf-8", "replace").decode("utf-8") for cell in cells]
            if "text" not in header:
                yield _reject(source_path, "CSV has no 'text' column (expected id,date,title,text)", text[:200])
                return
            continue
        if len(cells) != len(header):
            lines_taken = feed.position - first_line
            if lines_taken > 1:  # a quote opened on this line ran over the next ones: read those on their own
                feed.position = first_line + 1
                reason = (f"malformed CSV row: a quoted cell runs over {lines_taken} lines and the row has "
                          f"{len(cells)} cells, the header {len(header)} (unbalanced quote?)")
            else:
                reason = f"CSV row has {len(cells)} cells, the header has {len(header)}"
            yield _reject(where, reason, feed.lines[first_line], source_id=where)
            continue
        try:
            cells, repaired = _repair_cells(cells)
        except UnicodeDecodeError as exc:
            raw = feed.lines[first_line].encode("utf-8", "surrogateescape")
            yield _undecodable(raw, exc, where, " of the row")
            continue
        yield from _from_mapping(dict(zip(header, cells, strict=True)), where, default_id=where, repaired=repaired)


_STRAY_BYTE = re.compile("[\udc80-\udcff]")  # a byte that was not UTF-8, kept by surrogateescape


def _repair_cells(cells: list[str]) -> tuple[list[str], bool]:
    """A CSV row's cells, their stray bytes (surrogate-escaped) read as cp1252; raises if that fails."""
    if not any(_STRAY_BYTE.search(cell) for cell in cells):
        return cells, False
    return [decode_record_bytes(cell.encode("utf-8", "surrogateescape"))[0] for cell in cells], True


def _read_bytes_bounded(path: Path, rel: str, limit: int) -> bytes | Reject:
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        return _reject(rel, f"file larger than {size_text(limit)} for its type")
    if b"\x00" in data[:8192]:
        return _reject(rel, "binary file, not text")
    return data


def _parse_once(path: Path, rel: str) -> list[ParsedRecord | Reject]:
    suffix = _suffix(path)
    if suffix == ".jsonl.gz":
        _check_gzip_bounded(path)
        with gzip.open(path, "rb") as handle:
            return list(parse_jsonl_stream(handle, rel))  # type: ignore[arg-type]
    if suffix == ".jsonl":
        with path.open("rb") as handle:
            return list(parse_jsonl_stream(handle, rel))
    # one .txt is one article; a .csv is parsed whole: both are bounded by the record limit first
    data = _read_bytes_bounded(path, rel, MAX_RECORD_CHARS * 4 if suffix == ".txt" else MAX_FILE_BYTES)
    if isinstance(data, Reject):
        return [data]
    if suffix == ".txt":
        decoded = _decode(data, rel)
        return [decoded if isinstance(decoded, Reject) else parse_txt(decoded[0], rel, repaired=decoded[1])]
    # stray bytes are kept (surrogate-escaped) and repaired or refused row by row
    return list(parse_csv(data.decode("utf-8", "surrogateescape"), rel))


class FileChanging(OSError):
    """The file changed size or time while it was read: probably still being written."""


def _stat_key(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns


def parse_file(path: Path, landing: Path, attempts: int = READ_ATTEMPTS,
               backoff_seconds: float = READ_BACKOFF_SECONDS) -> list[ParsedRecord | Reject]:
    """Parse one landing file into records; any failure becomes a reject, never an exception.

    Transient trouble (the file vanished, is locked, or changed while being read because a writer is
    still at it) is retried with exponential back-off; if it persists the file is rejected with the reason.
    """
    rel = path.relative_to(landing).as_posix()
    reason = ""
    for attempt in range(attempts):
        if attempt:
            time.sleep(backoff_seconds * 2 ** (attempt - 1))
        try:
            before = _stat_key(path)
            items = _parse_once(path, rel)
            if _stat_key(path) != before:
                raise FileChanging("file changed while it was read (still being written?)")
            return items
        except FileNotFoundError:
            reason = "file vanished before it could be read"
        except FileChanging as exc:
            reason = str(exc)
        except PermissionError as exc:
            reason = f"file is locked or not readable: {exc.strerror or exc}"
        except (OSError, EOFError, ValueError, gzip.BadGzipFile, zlib.error) as exc:
            return [_reject(rel, f"unreadable file: {exc}")]  # corrupt, not transient: no retry
        log.info("retrying %s (attempt %d of %d): %s", rel, attempt + 1, attempts, reason)
    return [_reject(rel, f"{reason} (tried {attempts} times{TRANSIENT_MARK}")]
