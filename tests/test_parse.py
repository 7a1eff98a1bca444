import datetime as dt
import gzip
import json
from pathlib import Path

from transforms.parse import ParsedRecord, Reject, discover_files, parse_file, parse_txt


def _all(folder: Path) -> list[ParsedRecord | Reject]:
    scan = discover_files(folder)
    out: list[ParsedRecord | Reject] = list(scan.rejects)
    for f in scan.files:
        out += list(parse_file(f, folder))
    return out


def test_txt_with_date_line():
    rec = parse_txt(" date 2023-10-10 Headline here\n\nBody text.", "a.txt")
    assert isinstance(rec, ParsedRecord)
    assert rec.published_date == dt.date(2023, 10, 10)
    assert rec.title == "Headline here"
    assert rec.text.strip() == "Body text."


def test_txt_without_date_line_uses_first_line_as_headline():
    rec = parse_txt("Jennifer Doe dashes hopes\n\nJennifer Doe said no.", "legit/001legit.txt")
    assert isinstance(rec, ParsedRecord)
    assert rec.published_date is None
    assert rec.title == "Jennifer Doe dashes hopes"
    assert rec.source_id == "legit/001legit.txt"


def test_impossible_date_and_empty_body_are_rejected_with_reason():
    bad_date = parse_txt(" date 2023-02-30 Head\n\nBody", "x.txt")
    empty = parse_txt(" date 2023-02-01 Head\n\n   ", "y.txt")
    assert isinstance(bad_date, Reject) and "impossible date" in bad_date.reason
    assert isinstance(empty, Reject) and empty.reason == "empty body"


def test_jsonl_gz_keeps_extra_fields_and_rejects_bad_lines(tmp_path: Path):
    lines = [json.dumps({"id": "r1", "date": "2018-05-10", "title": "T", "text": "Body one.", "label": "real"}),
             "{not json", json.dumps({"id": "r2", "date": None, "title": "T2", "text": ""}),
             json.dumps(["a", "list"])]
    with gzip.open(tmp_path / "batch.jsonl.gz", "wt") as handle:
        handle.write("\n".join(lines))
    out = _all(tmp_path)
    good = [r for r in out if isinstance(r, ParsedRecord)]
    bad = sorted(r.reason for r in out if isinstance(r, Reject))
    assert [r.source_id for r in good] == ["r1"]
    assert json.loads(good[0].extra_json) == {"label": "real"}
    assert bad == ["JSON line is not an object", "empty body", "invalid JSON: Expecting property name enclosed "
                   "in double quotes"]


def test_csv_and_binary_and_bad_encoding(tmp_path: Path):
    (tmp_path / "a.csv").write_text('id,date,title,text\nc1,2020-01-02,Title,"Body, with comma"\n')
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "c.txt").write_bytes(b"Head\n\nBody \x81 caf\xe9")  # 0x81: neither UTF-8 nor cp1252
    (tmp_path / "d.pdf").write_bytes(b"%PDF")
    out = _all(tmp_path)
    good = [r for r in out if isinstance(r, ParsedRecord)]
    reasons = sorted(r.reason.split(" (")[0] for r in out if isinstance(r, Reject))
    assert [(r.source_id, r.text) for r in good] == [("c1", "Body, with comma")]
    assert reasons == ["binary file, not text", "not valid UTF-8 nor cp1252", "unsupported file type"]


def test_symlink_outside_landing_folder_is_refused(tmp_path: Path):
    outside = tmp_path / "secret.txt"
    outside.write_text("Head\n\nBody")
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "link.txt").symlink_to(outside)
    out = _all(landing)
    assert len(out) == 1 and isinstance(out[0], Reject)
    assert out[0].reason == "symlink points outside the input folder"


def test_record_hash_is_content_based():
    a = parse_txt(" date 2023-10-10 H\n\nSame body", "one.txt")
    b = parse_txt(" date 2023-10-10 H\n\nSame body", "one.txt")
    c = parse_txt(" date 2023-10-10 H\n\nOther body", "one.txt")
    assert isinstance(a, ParsedRecord) and isinstance(b, ParsedRecord) and isinstance(c, ParsedRecord)
    assert a.record_hash == b.record_hash != c.record_hash


def test_csv_broken_quote_rejects_that_row_with_its_line_and_reads_every_row_after_it(tmp_path: Path):
    rows = [
        "id,date,title,text",
        "c1,2023-01-01,First title,First body.",
        'c2,2023-01-02,"Broken title,Second body.',  # the quote never closes
        "c3,2023-01-03,Third title,Third body.",
        'c4,2023-01-04,"Fourth, quoted",Fourth body.',
        'c5,2023-01-05,Fifth title,"Fifth body,',
        'over two lines."',  # a legitimate quoted cell over two lines: one row
        "c6,2023-01-06,Sixth title",  # a cell short
    ]
    (tmp_path / "feed.csv").write_text("\n".join(rows) + "\n")
    items = parse_file(tmp_path / "feed.csv", tmp_path)
    assert [i.source_id if isinstance(i, ParsedRecord) else i.source_path for i in items] == [
        "c1", "feed.csv:3", "c3", "c4", "c5", "feed.csv:8"]  # six rows in the file, six read
    assert isinstance(items[1], Reject) and items[1].reason.startswith("malformed CSV row:")
    assert "Broken title" in items[1].snippet
    assert isinstance(items[5], Reject) and items[5].reason == "CSV row has 3 cells, the header has 4"
    assert items[3].title == "Fourth, quoted" and items[4].text == "Fifth body,\nover two lines."


def test_stray_latin1_byte_and_cp1252_csv_are_repaired_and_flagged_only_undecodable_rows_rejected(tmp_path: Path):
    # a UTF-8 article with one Latin-1/cp1252 byte (an em dash, 0x97): its UTF-8 accents must survive
    (tmp_path / "one_byte.txt").write_bytes("Café news\n\nZoë Park said yes \u2014 and ".encode() + b"\x97 then left.")
    rows = ["id,date,title,text", "w1,2023-01-01,Caf\xe9,Ren\xe9e wore cr\xeape \u201cnew\u201d.",
            "w2,2023-01-02,Plain,Plain body."]
    data = "\n".join(rows).encode("cp1252") + b"\nw3,2023-01-03,Broken,Undefined byte \x81 here.\n"
    (tmp_path / "windows.csv").write_bytes(data)
    items = {(i.source_id if isinstance(i, ParsedRecord) else i.source_path): i for i in _all(tmp_path)}
    txt = items["one_byte.txt"]
    assert isinstance(txt, ParsedRecord) and txt.is_encoding_repaired
    assert txt.title == "Café news" and txt.text.strip() == "Zoë Park said yes \u2014 and \u2014 then left."
    w1, w2 = items["w1"], items["w2"]
    assert isinstance(w1, ParsedRecord) and w1.is_encoding_repaired and not w2.is_encoding_repaired
    assert (w1.title, w1.text) == ("Café", "Renée wore crêpe \u201cnew\u201d.")
    w3 = items["windows.csv:4"]
    assert isinstance(w3, Reject) and w3.reason.startswith("not valid UTF-8 nor cp1252")
    assert len(items) == 4  # the three rows and the .txt: one bad byte costs one record, never a file


def test_reject_reasons_fold_positions_but_keep_what_is_wrong() -> None:
    from transforms.stages import fold_reject_reason

    assert fold_reject_reason("not valid UTF-8 (byte 1041)") == "not valid UTF-8 (byte N)"
    assert fold_reject_reason("line 12: more than 2,000,000 bytes") == "line N: more than 2,000,000 bytes"
    assert fold_reject_reason("date out of range: 1066-10-14") == "date out of range: 1066-10-14"
    assert fold_reject_reason("record 7 has no text") == fold_reject_reason("record 8 has no text")
