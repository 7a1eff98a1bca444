"""Property: whatever mix of good, duplicate, malformed and hostile input lands, every record read is
loaded, a duplicate, or rejected with a reason, the counts add up, and every good record is loaded.

Runs the plain stage functions (discover, parse, clean) that the flow's tasks wrap: no Prefect, no spaCy.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import random
import shutil
import tempfile
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from transforms import stages
from transforms.parse import MAX_LINE_BYTES

VOCAB = [f"{a}{b}" for a in ("ka", "lo", "mi", "ne", "su", "ta", "ve", "zo", "ri", "pa")
         for b in ("ron", "lis", "dat", "mek", "sup", "tor", "vin", "gal", "hos", "bek", "dum", "fer")]


def good_body(seed: int) -> str:
    rng = random.Random(seed)  # unrelated random texts: no two are near duplicates
    return " ".join(rng.choice(VOCAB) for _ in range(60)) + "."


@cache
def bomb_bytes() -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb") as handle:
        handle.write(b"\n" * (12 * 2**20))  # 12 MiB of newlines from ~12 KiB: far past the ratio limit
    return buf.getvalue()


BAD_LINES = {
    "invalid_json": "{oops",
    "not_object": json.dumps([1, 2, 3]),
    "deep": "[" * 50_000 + "]" * 50_000,
    "bad_date": json.dumps({"id": "bd", "date": "2023-02-30", "title": "t", "text": "body text"}),
    "empty_body": json.dumps({"id": "eb", "date": "2023-01-01", "title": "t", "text": "   "}),
    "title_not_string": json.dumps({"id": "tn", "title": {"x": 1}, "text": "body"}),
    "nul_bytes": '{"id": "nb", "text": "a\u0000b"}'.replace("\\u0000", "\x00"),
    "unicode_junk": json.dumps({"id": "uj", "date": "not a date", "title": "\ud7ff", "text": "\u202e x"}),
}
BAD_FILES = ("binary_txt", "unsupported", "gzip_bomb", "symlink_out", "bad_utf8_txt", "empty_txt")

record_kind = st.sampled_from(["good", "duplicate", "repeat", *BAD_LINES])
container = st.sampled_from(["jsonl", "jsonl.gz", "csv", "txt"])


@st.composite
def landings(draw: st.DrawFn) -> dict:
    kinds = draw(st.lists(record_kind, min_size=1, max_size=25))
    layout = [draw(container) for _ in kinds]
    bad_files = draw(st.lists(st.sampled_from(BAD_FILES), max_size=4))
    huge_line = draw(st.booleans())
    return {"kinds": kinds, "layout": layout, "bad_files": bad_files, "huge_line": huge_line,
            "seed": draw(st.integers(0, 10**6))}


def build(spec: dict, landing: Path, outside: Path) -> dict[str, int | set[str]]:
    """Write the landing folder; return what a correct run must report."""
    expect = {"loaded": 0, "duplicates": 0, "rejected": 0, "good_ids": set()}
    files: dict[str, list[dict | str]] = {}
    goods: list[dict] = []
    for i, (kind, where) in enumerate(zip(spec["kinds"], spec["layout"], strict=True)):
        if kind in ("duplicate", "repeat") and not goods:
            kind = "good"  # nothing to copy yet
        if kind == "good":
            rec = {"id": f"g{spec['seed']}_{i}", "date": "2023-05-01", "title": f"Headline {i}",
                   "text": good_body(spec["seed"] * 1000 + i)}
            goods.append(rec)
            expect["loaded"] += 1
            expect["good_ids"].add(rec["id"])
        elif kind == "duplicate":  # same story under another id: marked as a duplicate of the first
            rec = dict(goods[i % len(goods)], id=f"d{i}", title=f"Copy {i}")
            expect["duplicates"] += 1
        elif kind == "repeat":  # the same record again, byte for byte
            rec = goods[i % len(goods)]
            expect["duplicates"] += 1
        else:
            rec = BAD_LINES[kind]
            expect["rejected"] += 1
        if where in ("csv", "txt") and isinstance(rec, str):
            where = "jsonl"  # raw malformed JSON only makes sense in a JSON-lines file
        if kind in ("duplicate", "repeat"):
            name = "z_copies.jsonl"  # files are read in name order: the first copy must come first
        elif where == "txt":
            name = f"t{i}.txt"
        else:
            name = f"f.{where}"
        files.setdefault(name, []).append(rec)
    if spec["huge_line"]:
        files.setdefault("f.jsonl", []).append('{"id": "huge", "text": "' + "x" * (MAX_LINE_BYTES + 10) + '"}')
        expect["rejected"] += 1
    for name, recs in files.items():
        path = landing / name
        if name.endswith(".txt"):
            rec = recs[0]
            path.write_text(f" date {rec['date']} {rec['title']}\n\n{rec['text']}")
            # a .txt record's id is its path; the expectation follows
            expect["good_ids"].discard(rec["id"])
            expect["good_ids"].add(name)
        elif name.endswith(".csv"):
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=["id", "date", "title", "text"])
            writer.writeheader()
            writer.writerows(recs)  # type: ignore[arg-type]
            path.write_text(out.getvalue())
        else:
            text = "\n".join(r if isinstance(r, str) else json.dumps(r) for r in recs) + "\n"
            if name.endswith(".gz"):
                path.write_bytes(gzip.compress(text.encode("utf-8", "surrogatepass")))
            else:
                path.write_bytes(text.encode("utf-8", "surrogatepass"))
    # each hostile file has its own content (a second copy of the same bytes is read and its records counted as repeats)
    for n, bad in enumerate(spec["bad_files"]):
        expect["rejected"] += 1
        if bad == "binary_txt":
            (landing / f"bin{n}.txt").write_bytes(b"\x00\x01\x02\xff" * (100 + n))
        elif bad == "unsupported":
            (landing / f"doc{n}.pdf").write_bytes(b"%PDF-1.4" * (n + 1))
        elif bad == "gzip_bomb":
            (landing / f"bomb{n}.jsonl.gz").write_bytes(bomb_bytes() + gzip.compress(str(n).encode()))
        elif bad == "symlink_out":
            target = outside / f"secret{n}.txt"
            target.write_text(" date 2023-01-01 Secret\n\nNot for us.")
            (landing / f"link{n}.txt").symlink_to(target)
        elif bad == "bad_utf8_txt":
            # 0x81 is neither UTF-8 nor cp1252 (a lone Latin-1 byte would be repaired and loaded)
            (landing / f"latin{n}.txt").write_bytes(f"Head {n}\n\ncaf\xe9 au lait \x81".encode("latin-1"))
        elif bad == "empty_txt":
            (landing / f"empty{n}.txt").write_text(" " * n)
    return expect


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=landings())
# found by CI: a repeat written to a file byte-identical to the good record's file was skipped, not counted
@example(spec={"kinds": ["invalid_json", "good", "repeat"], "layout": ["jsonl.gz", "jsonl", "jsonl"],
               "bad_files": [], "huge_line": False, "seed": 0})
def test_every_record_is_loaded_duplicate_or_rejected(spec: dict) -> None:
    root = Path(tempfile.mkdtemp())
    try:
        landing, outside, lake = root / "landing", root / "outside", root / "lake"
        for folder in (landing, outside):
            folder.mkdir()
        expect = build(spec, landing, outside)
        scratch = lake / "_scratch" / "r1"
        files, d_rejects, files_seen = stages.discover(landing, lake, scratch)
        parsed, p_rejects, records_seen, repeats = stages.parse(files, landing, lake, scratch)
        articles, _ = stages.clean(parsed, lake, scratch)
        counts = stages.run_counts(files, d_rejects, p_rejects, articles, files_seen, records_seen, repeats)
        got = {k: counts[k] for k in ("loaded", "duplicates", "rejected")}
        assert got == {k: expect[k] for k in ("loaded", "duplicates", "rejected")}
        assert counts["read"] == sum(got.values())
        rows = stages.read_rows(articles)
        loaded_ids = {r["source_id"] for r in rows if r["duplicate_of"] is None}
        assert loaded_ids == expect["good_ids"]
        reasons = [r["reason"] for r in stages.read_rows(d_rejects) + stages.read_rows(p_rejects)]
        assert all(reason and len(reason) < 200 for reason in reasons)
    finally:
        shutil.rmtree(root, ignore_errors=True)
