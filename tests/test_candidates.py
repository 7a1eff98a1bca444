"""Candidate-sentence parsing (CELEBGRAPH_PARSE=candidates, off by default): the selection on real sentences."""

from __future__ import annotations

from transforms.candidates import candidate_sentences


def test_two_people_are_parsed_and_a_sentence_with_nobody_is_not() -> None:
    from transforms.nlp import load_model

    nlp = load_model(parse="candidates")
    doc = nlp("Kim Kardashian and Kanye West arrived together. The weather was nice and the crowd was big.\n\n"
              "She wore a dress with her husband.")
    sents = list(doc.sents)
    assert [s.text.strip() for s in sents] == ["Kim Kardashian and Kanye West arrived together.",
                                               "The weather was nice and the crowd was big.",
                                               "She wore a dress with her husband."]
    assert candidate_sentences(doc, sents) == [True, False, True]
    assert sents[0].root.dep_ == "ROOT" and any(t.dep_ == "nsubj" for t in sents[0])
    assert not any(t.dep_ for t in sents[1][:-1])  # the flat tree: unlabelled


def test_sample_article_extraction_same_as_with_the_full_parse() -> None:
    from pathlib import Path

    from transforms.extraction import extract_article
    from transforms.nlp import load_model

    text = sorted((Path(__file__).resolve().parent.parent / "samples" / "articles").glob("*.txt"))[0].read_text()
    full = extract_article(load_model(parse="full")(text), None)
    cand = extract_article(load_model(parse="candidates")(text), None)
    assert sorted(full.people) == sorted(cand.people)
    assert sorted((r.person_a, r.person_b, r.relation_type) for r in full.relations) == \
        sorted((r.person_a, r.person_b, r.relation_type) for r in cand.relations)
