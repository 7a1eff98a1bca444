"""The dependency parser only where the extraction can use it: an option, off by default (measured below).

With `load_model(parse="candidates")` the pipeline runs tok2vec, tagger, the model's `senter` (sentence
boundaries without the parser; a blank line still ends a sentence), NER on the whole text; then
`candidate_parser` picks the sentences that can carry a relation, an age, a descriptor or a dated event
(two references to people, or one and a cue: a relation noun, a rule's trigger word, a role noun, a
number, a date word), parses each of them as its own Doc (with the tok2vec output of the whole text, so the
parser reads the same features), copies heads and labels back, and gives every other sentence a flat
tree (its last token the root, labelled ROOT; no other labels) so the sentences stay the senter's. The
attribute ruler and
the lemmatizer run after it, over everything, as they run after the parser in the model.

Measured on GossipCop (README, "Throughput"): the parser is 13-16% of the model's time and the candidate
sentences hold 70-75% of the words, so this saves at most ~4% of spaCy's time; the marts differ (the
senter's sentences, the NER seeing them, and coreference without the parse of the sentences around).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import numpy as np
from spacy.attrs import DEP, HEAD, LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span

PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself", "they", "them", "their",
                      "theirs", "themselves", "who", "whom", "whose"})
_NUMBER = re.compile(r"\d")
# a word of every date expression transforms.dates finds (or a digit): a date's sentence is a candidate
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
DATE_WORDS = frozenset({
    *_MONTHS, *(m[:3] for m in _MONTHS), *(m[:3] + "." for m in _MONTHS), "sept", "sept.",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "ago", "later", "next",
    "following", "christmas", "valentine", "thanksgiving", "halloween", "independence", "yesterday", "today",
    "tonight", "morning", "night", "weekend", "week", "month", "year", "day", "eve"})
_VERB_SUFFIXES = ("", "s", "es", "d", "ed", "ing", "ied", "ies", "n", "en")


def cue_words(nlp: Language) -> tuple[frozenset[str], frozenset[str]]:
    """(words that refer to a person besides names and pronouns, words that cue a fact): lower-case forms.

    References: role nouns ('the singer') and plural references ('the couple'). Cues: every relation noun's
    pieces, the group and partnership nouns, role nouns, each rule's trigger words and the inflections of its
    trigger lemmas (regular ones, and the lemmatizer's exceptions: 'broke', 'saw')."""
    from transforms.extraction.lexicon import lexicon
    from transforms.extraction.rules import ruleset

    lex = lexicon()
    roles = {w for r in lex.people["role_nouns"] for w in (r, r + "s", r + "es")}
    refs = frozenset(roles | set(lex.people["plural_refs"]))
    cues: set[str] = set(roles) | DATE_WORDS
    for noun in lex.relation_nouns.values():
        cues |= set(noun.tokens) - {"-"}
    cues |= set(lex.group_nouns) | set(lex.partnership_nouns)
    lemmas: set[str] = set()
    for rule in ruleset().rules:
        for trigger in rule.triggers:
            cues |= set(trigger.lower)
            lemmas |= set(trigger.lemma)
    for lemma in lemmas:
        stems = {lemma, lemma[:-1] if lemma[-1] in "ey" else lemma, lemma + lemma[-1]}
        cues |= {stem + suffix for stem in stems for suffix in _VERB_SUFFIXES}
    exceptions = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")
    for table in exceptions.values():
        cues |= {form for form, forms_lemmas in table.items() if set(forms_lemmas) & lemmas}
    return refs, frozenset(cues)


@lru_cache(maxsize=1)
def _model_cue_words() -> tuple[frozenset[str], frozenset[str]]:
    from transforms.nlp import load_model

    return cue_words(load_model())


def candidate_sentences(doc: Doc, sents: list[Span] | None = None,
                        words: tuple[frozenset[str], frozenset[str]] | None = None) -> list[bool]:
    """For each sentence of `doc` (or of `sents`): can it carry a fact the extraction reads from a parse?
    Two references to people (PERSON entities, personal and relative pronouns, role nouns, 'the couple'),
    or one and a cue word, a number or a date word."""
    words = words or _model_cue_words()
    sents = list(doc.sents) if sents is None else sents
    flags = _word_flags(doc, words)
    people = (flags & 1).astype(np.int32)
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            people[ent.start] += 1
    cue = flags & 2
    counts, cues = np.concatenate(([0], np.cumsum(people))), np.concatenate(([0], np.cumsum(cue)))
    out = []
    for sent in sents:
        n = counts[sent.end] - counts[sent.start]
        out.append(bool(n >= 2 or n == 1 and cues[sent.end] > cues[sent.start]))
    return out


_FLAGS: dict[tuple[int, int], dict[int, int]] = {}  # (id of the vocab, id of the word lists) -> word -> flags


def _word_flags(doc: Doc, words: tuple[frozenset[str], frozenset[str]]) -> np.ndarray:
    """Per token: 1 if its word refers to a person, 2 if it is a cue (both: 3); cached per word."""
    refs, cues = words
    cache = _FLAGS.setdefault((id(doc.vocab), id(words)), {})
    strings = doc.vocab.strings
    out = []
    for lower in doc.to_array([LOWER]).tolist():
        flag = cache.get(lower)
        if flag is None:
            word = strings[lower]
            flag = cache[lower] = (word in PRONOUNS or word in refs) + 2 * (
                word in cues or _NUMBER.search(word) is not None)
        out.append(flag)
    return np.array(out, dtype=np.int32)


class CandidateParser:
    """Parse the candidate sentences of each doc, give the others a flat tree, then run the components
    that read the parse (the attribute ruler, the lemmatizer)."""

    def __init__(self) -> None:
        self.parser = None
        self.after: list = []
        self.words: tuple[frozenset[str], frozenset[str]] | None = None
        self.parsed_tokens = self.tokens = 0  # how much of the text the parser saw

    def setup(self, parser: object, after: list, words: tuple[frozenset[str], frozenset[str]]) -> CandidateParser:
        self.parser, self.after, self.words = parser, after, words
        return self

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def _batch(self, docs: list[Doc]) -> list[Doc]:
        pieces: list[tuple[int, Span, Doc]] = []
        plans = []
        for number, doc in enumerate(docs):
            sents = list(doc.sents)
            chosen = candidate_sentences(doc, sents, self.words)
            plans.append((sents, chosen))
            for sent, parse in zip(sents, chosen, strict=True):
                if parse:
                    piece = Doc(doc.vocab, words=[t.text for t in sent], spaces=[bool(t.whitespace_) for t in sent])
                    piece.tensor = doc.tensor[sent.start : sent.end]
                    pieces.append((number, sent, piece))
        parsed = list(self.parser.pipe([p for _, _, p in pieces], batch_size=256)) if pieces else []
        arrays = [np.zeros((len(doc), 2), dtype=np.uint64) for doc in docs]
        root = docs[0].vocab.strings.add("ROOT") if docs else 0
        for (sents, chosen), array in zip(plans, arrays, strict=True):
            for sent, parse in zip(sents, chosen, strict=True):
                if not parse:  # a flat tree: every token hangs, unlabelled, from the last (a labelled root)
                    last = sent.end - 1
                    array[sent.start : last, 0] = (last - np.arange(sent.start, last)).astype(np.uint64)
                    array[last, 1] = root
        for (number, sent, _), piece in zip(pieces, parsed, strict=True):
            arrays[number][sent.start : sent.end] = piece.to_array([HEAD, DEP])
        for doc, array, (sents, chosen) in zip(docs, arrays, plans, strict=True):
            self.tokens += len(doc)
            self.parsed_tokens += sum(len(s) for s, c in zip(sents, chosen, strict=True) if c)
            if any(chosen):
                doc.from_array([HEAD, DEP], array)
            for component in self.after:
                component(doc)
        return docs


@Language.factory("candidate_parser")
def make_candidate_parser(nlp: Language, name: str) -> CandidateParser:  # noqa: ARG001 - spaCy's signature
    return CandidateParser()


def parse_candidates_only(nlp: Language) -> CandidateParser:
    """Rearrange a loaded model (tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner) so that the parser
    runs on candidate sentences only (module docstring)."""
    words = cue_words(nlp)
    parser = nlp.get_pipe("parser")
    after = [nlp.get_pipe(n) for n in ("attribute_ruler", "lemmatizer") if n in nlp.pipe_names]
    for name in ("parser", "attribute_ruler", "lemmatizer"):
        if name in nlp.pipe_names:
            nlp.disable_pipe(name)
    nlp.enable_pipe("senter")
    if "paragraph_boundaries" in nlp.pipe_names:  # after the senter, so a blank line still ends a sentence
        nlp.remove_pipe("paragraph_boundaries")
    nlp.add_pipe("paragraph_boundaries", after="senter")
    component = nlp.add_pipe("candidate_parser", after="ner")
    return component.setup(parser, after, words)
