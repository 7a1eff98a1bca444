"""Family facts the article implies by stating others: children of the same two parents are siblings, and a
woman's married name names her husband.

"Amara and Dean share daughter Nell ... now have another son together, Rhys" never says Nell and Rhys are
siblings; two parent_of facts each about both parents do. Derived at a lower confidence, and only from two
parents in common (one parent in common may be a half-sibling the article does not state, or a grandparent
the rules mistook for a parent).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from transforms.extraction.facts import NameMention, PersonInDoc, RelationFact, RelationType
from transforms.extraction.names import is_first_name

DERIVED_CONFIDENCE = 0.7
MARRIED_NAME_CONFIDENCE = 0.6


def derive_siblings(facts: list[RelationFact]) -> list[RelationFact]:
    parents: dict[str, set[str]] = {}
    evidence: dict[str, RelationFact] = {}
    for f in facts:
        if f.relation_type == RelationType.PARENT_OF.value and not f.is_negated and not f.is_speculative:
            parents.setdefault(f.person_b, set()).add(f.person_a)
            evidence.setdefault(f.person_b, f)
    stated = {frozenset((f.person_a, f.person_b)) for f in facts if f.relation_type == RelationType.SIBLING.value}
    children = sorted(c for c, ps in parents.items() if len(ps) == 2)
    out = list(facts)
    for i, a in enumerate(children):
        for b in children[i + 1 :]:
            if parents[a] == parents[b] and frozenset((a, b)) not in stated and a not in parents[b] \
                    and b not in parents[a]:
                later = max(evidence[a], evidence[b], key=lambda f: f.sentence_start)
                out.append(replace(later, person_a=a, person_b=b, relation_type=RelationType.SIBLING.value,
                                   confidence=round(DERIVED_CONFIDENCE * min(evidence[a].confidence,
                                                                             evidence[b].confidence), 3),
                                   rule="family.shared_parents"))
    return out


def derive_married_names(doc: Doc, people: dict[str, PersonInDoc], mentions: list[NameMention],
                         facts: list[RelationFact], children: frozenset[str] = frozenset()) -> list[RelationFact]:
    """'Kim Kardashian West' beside 'Kanye West', 'Jada Pinkett Smith' beside 'Will Smith': a woman named
    first name, maiden name, married name, where the maiden name is no first name ('Sarah Jessica Parker',
    'Lisa Marie Presley' are not married names) and a man of the article has the married name as his
    surname, is his wife. Nothing when the article states any relation of the pair (an ex keeps the name; a
    daughter has it from birth) or names her as someone's child ("Johnson's 16-year-old daughter, Simone
    Garcia Johnson")."""
    related = {frozenset((f.person_a, f.person_b)) for f in facts}
    men_by_surname: dict[str, list[str]] = {}
    for key, person in people.items():
        words = person.name.split()
        if len(words) == 2 and person.gender != "f" and not person.single_name:
            men_by_surname.setdefault(words[1], []).append(key)
    first_mention: dict[str, NameMention] = {}
    for m in mentions:
        first_mention.setdefault(m.key, m)
    out = list(facts)
    for key, person in people.items():
        words = person.name.split()
        if len(words) != 3 or person.gender == "m" or is_first_name(words[1]) or not words[1][:1].isupper() \
                or key not in first_mention or key in children:
            continue
        husbands = [h for h in men_by_surname.get(words[2], []) if h != key]
        if len(husbands) != 1 or frozenset((key, husbands[0])) in related:
            continue
        sentence = doc[first_mention[key].start_token].sent
        out.append(RelationFact(person_a=husbands[0], person_b=key, relation_type=RelationType.MARRIED.value,
                                confidence=MARRIED_NAME_CONFIDENCE, trigger=words[2],
                                sentence_start=sentence.start_char, sentence_end=sentence.end_char,
                                rule="family.married_name"))
    return out
