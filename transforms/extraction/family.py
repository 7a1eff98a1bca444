"""Family facts the article implies by stating others: children of the same two parents are siblings.

"Amara and Dean share daughter Nell ... now have another son together, Rhys" never says Nell and Rhys are
siblings; two parent_of facts each about both parents do. Derived at a lower confidence, and only from two
parents in common (one parent in common may be a half-sibling the article does not state, or a grandparent
the rules mistook for a parent).
"""

from __future__ import annotations

from dataclasses import replace

from transforms.extraction.facts import RelationFact, RelationType

DERIVED_CONFIDENCE = 0.7


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
