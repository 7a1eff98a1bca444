"""A couple's status over the whole article: a split the article reports ends the partnership.

"They married in 2010. The pair divorced in 2016." states one couple, now exes: the marriage sentence is
history, so within the article the pair is `ex_partner` only, unless the article says they got back
together ("split in 2020 but have since reconciled").
"""

from __future__ import annotations

from dataclasses import replace

from transforms.extraction.facts import RelationFact, RelationType
from transforms.extraction.lexicon import lexicon


def _pair(fact: RelationFact) -> frozenset[str]:
    return frozenset((fact.person_a, fact.person_b))


_PRECEDENCE = {RelationType.ROMANTIC.value: 0, RelationType.ENGAGED.value: 1, RelationType.MARRIED.value: 2}


def settle_status(facts: list[RelationFact], text: str = "") -> list[RelationFact]:
    """One state per couple within an article: a stated split ends the partnership; otherwise the furthest
    stage stated as fact wins (dating, then engaged, then married: 'got engaged in 2019 and married in 2020')."""
    return _one_spouse_at_a_time(_furthest_stage(_split_ends_it(facts, text)))


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


def _one_spouse_at_a_time(facts: list[RelationFact]) -> list[RelationFact]:
    """'When she married Jonny Lee Miller ... after she and Billy Bob Thornton wed ... Brad Pitt, now her
    fiance': a person married in the article to others than the one they are engaged to, where the engagement
    is told after every marriage, was married to them before: those marriages are over. (Without such an
    engagement the text's order says nothing: a profile may tell the current marriage first.)"""
    stated = [f for f in facts if not f.is_negated and not f.is_speculative and "@" not in f.person_a + f.person_b]
    married: dict[str, dict[str, int]] = {}  # person -> spouse -> where the last marriage fact is told
    engaged: dict[str, dict[str, int]] = {}
    for f in stated:
        table = {RelationType.MARRIED.value: married, RelationType.ENGAGED.value: engaged}.get(f.relation_type)
        if table is None:
            continue
        for me, other in ((f.person_a, f.person_b), (f.person_b, f.person_a)):
            told = table.setdefault(me, {})
            told[other] = max(told.get(other, -1), f.sentence_start)
    over: set[frozenset[str]] = set()
    for me, spouses in married.items():
        for fiance, told in engaged.get(me, {}).items():
            if fiance not in spouses and all(told > at for at in spouses.values()):
                over |= {frozenset((me, other)) for other in spouses}
    if not over:
        return facts
    return [replace(f, relation_type=RelationType.EX_PARTNER.value)
            if f.relation_type == RelationType.MARRIED.value and _pair(f) in over else f for f in facts]
