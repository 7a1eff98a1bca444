"""The training texts: one string per article id, read from ../shared/corpora.

The text is the headline, a blank line and the body, exactly as the corpus stores them: annotations are
character offsets into it, so it must never depend on the project's own cleaning (which changes).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPORA = ROOT.parent / "shared" / "corpora"
GOSSIPCOP = CORPORA / "gossipcop" / "gossipcop.jsonl.gz"
PEREZ = CORPORA / "celebrity_perez_rosas"
BBC = CORPORA / "bbc" / "bbc_news.jsonl.gz"


class CorpusMissing(RuntimeError):
    pass


def require_corpora(corpora: Path = CORPORA) -> None:
    if not corpora.is_dir():
        raise CorpusMissing(f"training needs the corpora at {corpora} (../shared beside the checkout)")


def compose(title: str | None, body: str | None) -> str:
    return f"{(title or '').strip()}\n\n{body or ''}"


def text_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _jsonl(path: Path) -> Iterable[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def perez_text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8", errors="replace")
    headline, _, body = raw.partition("\n")
    return compose(headline, body.lstrip("\n"))


def gossipcop_records() -> Iterable[dict]:
    yield from _jsonl(GOSSIPCOP)


def bbc_records() -> Iterable[dict]:
    yield from _jsonl(BBC)


def perez_files() -> list[Path]:
    return sorted(PEREZ.glob("*/*.txt"), key=lambda p: (p.parent.name, p.name))


def load_texts(ids: Iterable[str]) -> dict[str, str]:
    """The training text of each id (GossipCop, BBC or Perez-Rosas), in the order asked."""
    require_corpora()
    wanted = list(ids)
    want = set(wanted)
    found: dict[str, str] = {}
    if any(i.startswith("gossipcop-") for i in want):
        found |= {r["id"]: compose(r.get("title"), r.get("text")) for r in gossipcop_records() if r["id"] in want}
    if any(i.startswith("bbc_") for i in want):
        found |= {r["id"]: compose(r.get("title"), r.get("text")) for r in bbc_records() if r["id"] in want}
    found |= {p.stem: perez_text(p) for p in perez_files() if p.stem in want}
    missing = [i for i in wanted if i not in found]
    if missing:
        raise CorpusMissing(f"{len(missing)} training article(s) not in the corpora, e.g. {missing[0]}")
    return {i: found[i] for i in wanted}
