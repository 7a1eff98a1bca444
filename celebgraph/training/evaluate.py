"""PERSON span P/R/F1 and DATE recall on the held-out split, the base model's NER beside the trained one.

PERSON: a predicted span counts when its characters equal a gold span's (a possessive's "'s" and surrounding
punctuation are never part of either). DATE: the share of gold date expressions that some predicted DATE
overlaps (boundary conventions differ: "last June" and "June" both place the event).
The articles are run through the project's whole pipeline (its tokenizer and components), as in a real run.

Run: .venv/bin/python -m celebgraph.training.evaluate [--trained PATH] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from celebgraph.training.build import ANNOTATIONS, ARTICLES, read_annotations
from celebgraph.training.corpus import load_texts


def prf(tp: int, predicted: int, gold: int) -> dict[str, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def score(nlp, texts: dict[str, str], annotations) -> dict:  # noqa: ANN001 - a spaCy Language
    from transforms.nlp import mask_long_tokens

    tp = predicted_n = gold_n = date_hit = date_gold = 0
    ids = list(texts)
    for article_id, doc in zip(ids, nlp.pipe(mask_long_tokens(texts[i])[0] for i in ids), strict=True):
        spans = annotations[article_id].spans
        gold = {(s, e) for s, e, label in spans if label == "PERSON"}
        predicted = {(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"}
        tp, predicted_n, gold_n = tp + len(gold & predicted), predicted_n + len(predicted), gold_n + len(gold)
        dates = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "DATE"]
        for s, e, label in spans:
            if label == "DATE":
                date_gold += 1
                date_hit += any(ps < e and s < pe for ps, pe in dates)
    return {"person": prf(tp, predicted_n, gold_n), "person_gold": gold_n,
            "date_recall": round(date_hit / date_gold, 4) if date_gold else None, "date_gold": date_gold}


def evaluate_held_out(trained: str = "celebgraph", articles: Path = ARTICLES,
                      annotations_path: Path = ANNOTATIONS) -> dict[str, dict]:
    from transforms.nlp import load_model

    held_out = json.loads(articles.read_text())["held_out"]
    annotations = read_annotations(annotations_path)
    texts = load_texts(held_out)
    return {"articles": len(held_out), "base": score(load_model(ner="base"), texts, annotations),
            "trained": score(load_model(ner=trained), texts, annotations)}


def print_table(result: dict) -> None:
    print(f"held-out split: {result['articles']} articles, {result['base']['person_gold']} PERSON spans, "
          f"{result['base']['date_gold']} dates")
    print(f"{'NER':8} {'PERSON P':>9} {'R':>6} {'F1':>6} {'DATE recall':>12}")
    for name in ("base", "trained"):
        row = result[name]
        person = row["person"]
        print(f"{name:8} {person['p']:9.3f} {person['r']:6.3f} {person['f1']:6.3f} {row['date_recall'] or 0:12.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trained", default="celebgraph", help="the NER to score beside the base one")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    result = evaluate_held_out(args.trained)
    print_table(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
