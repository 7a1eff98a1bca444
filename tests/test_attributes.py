"""The fast attribute ruler gives exactly the annotations of spaCy's own, on the real model."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from transforms.attributes import FastAttributeRuler, Unsupported

ROOT = Path(__file__).resolve().parent.parent
ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
TEXTS = [
    "I ain't gonna lie: y'all know Kim and I got ta go. C'mon, let's see what she did!",
    "There is no doubt that it was him. Do you have it? Which one did they pick, and that was that.",
    "But he said, but not loudly, that I gave it to you and you gave it to me .  \n\n  He has done it.",
    *(p.read_text() for p in sorted((ROOT / "samples" / "articles").glob("*.txt"))),
]


def _annotations(doc):  # noqa: ANN001, ANN202 - spaCy Doc
    return doc.to_array(ATTRS).tolist(), [str(t.morph) for t in doc], [t.lemma_ for t in doc]


@pytest.mark.parametrize("parsed", [True, False], ids=["parsed", "no parse"])
def test_same_annotations_as_spacys_attribute_ruler(parsed: bool) -> None:
    from transforms.nlp import load_model

    plain = load_model(plain=True)
    ruler = plain.get_pipe("attribute_ruler")
    fast = FastAttributeRuler().compile(ruler)
    upstream = [n for n in plain.pipe_names if n in ("tok2vec", "tagger", "paragraph_boundaries")
                or parsed and n == "parser"]
    with plain.select_pipes(enable=upstream):
        docs = list(plain.pipe(TEXTS))
    for doc in docs:
        theirs, ours = ruler(doc.copy()), fast(doc.copy())
        assert _annotations(ours) == _annotations(theirs)
    assert fast.matches(docs[0]), "the rules matched nothing: the test compares nothing"


def test_pipeline_uses_it_and_plain_keeps_spacys() -> None:
    from spacy.pipeline import AttributeRuler

    from transforms.nlp import load_model

    assert isinstance(load_model().get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(load_model(plain=True).get_pipe("attribute_ruler"), AttributeRuler)
    assert load_model().pipe_names == load_model(plain=True).pipe_names
    text = TEXTS[-1]
    assert _annotations(load_model()(text)) == _annotations(load_model(plain=True)(text))


def test_a_pattern_it_cannot_evaluate_keeps_spacys_ruler() -> None:
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"ORTH": "x", "OP": "+"}]], {"LEMMA": "y"})
    assert not FastAttributeRuler.supports(ruler)
    with pytest.raises(Unsupported):
        FastAttributeRuler().compile(ruler)
