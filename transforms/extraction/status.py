"""A couple's status over the whole article: a split the article reports ends the partnership.

"They married in 2010. The pair divorced in 2016." states one couple, now exes: the marriage sentence is
history, so within the article the pair is `ex_partner` only, unless the article says they got back
together ("split in 2020 but have since reconciled").
"""

from __future__ import annotations

from transforms.extraction.facts import RelationFact, RelationType
from transforms.extraction.lexicon import lexicon


def _pair(fact: RelationFact) -> frozenset[str]:
    return frozenset((fact.person_a, fact.person_b))


_PRECEDENCE = {RelationType.ROMANTIC.value: 0, RelationType.ENGAGED.value: 1, RelationType.MARRIED.value: 2}


def settle_status(facts: list[RelationFact], text: str = "") -> list[RelationFact]:
    """One state per couple within an article: a stated split ends the partnership; otherwise the furthest
    stage stated as fact wins (dating, then engaged, then married: 'got engaged in 2019 and married in 2020')."""
    return _furthest_stage(_split_ends_it(facts, text))


def _furthest_stage(facts: list[RelationFact]) -> list[RelationFact]:
    stage: dict[frozenset[str], int] = {}
    for f in facts:
        if f.relation_type in _PRECEDENCE and not f.is_negated and not f.is_speculative:
            stage[_pair(f)] = max(stage.get(_pair(f), -1), _PRECEDENCE[f.relation_type])
    return [f for f in facts if not (f.relation_type in _PRECEDENCE and _PRECEDENCE[f.relation_type]
                                     < stage.get(_pair(f), -1))]


def _split_ends_it(facts: list[RelationFact], text: str) -> list[RelationFact]:
    """Drop the partnership facts of pairs whose split the article states as fact (not denied, not hedged)."""
    reconciled = lexicon().cues["reconciled"]
    ended: set[frozenset[str]] = set()
    for f in facts:
        if f.relation_type == RelationType.EX_PARTNER.value and not f.is_negated and not f.is_speculative:
            ended.add(_pair(f))
    if not ended:
        return facts
    # a reconciliation stated as fact: a sentence that hedges or denies any of the pair's facts ("could get
    # back together", "rumours of them rekindling their romance", "denied they reconciled") states none
    hedged = {(_pair(f), f.sentence_start) for f in facts if f.is_negated or f.is_speculative}
    back_together: set[frozenset[str]] = set()
    for f in facts:
        if _pair(f) in ended and text and (_pair(f), f.sentence_start) not in hedged and any(
                w in text[f.sentence_start : f.sentence_end].lower() for w in reconciled):
            back_together.add(_pair(f))
    partnered = {_pair(f) for f in facts if RelationType(f.relation_type).is_partnership}
    kept = []
    for f in facts:
        pair, is_ex = _pair(f), f.relation_type == RelationType.EX_PARTNER.value
        if RelationType(f.relation_type).is_partnership and pair in ended and pair not in back_together:
            continue  # the split ends the partnership
        if is_ex and pair in back_together and pair in partnered:
            continue  # back together: the split is history ("split in 2020 but have since reconciled")
        kept.append(f)
    return kept
