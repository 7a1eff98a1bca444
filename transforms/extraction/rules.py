"""The rule engine: rules and cues loaded from rules.toml, one matcher pass per document.

Every rule's trigger words become spaCy `PhraseMatcher` patterns, by lemma or by lower-case text (relation
nouns from lexicon.toml, hyphenated ones as their tokenizer pieces: 'ex - wife'); the remaining conditions
of a trigger (part of speech, tag, a particle child) are checked on each match. The engine runs the
matchers once over the document, keeps one rule per trigger token (the longest match, then the rule listed
first), and hands each match to the rule's named finder.
Polarity comes from ConText-style cues with a direction, a scope and terminators, so "denied dating X, but
confirmed Y" limits the denial to its own clause.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from transforms.extraction.arguments import CHILD_OF, GROUP_WORDS, PARTNER_OF, RELATION_NOUNS
from transforms.extraction.context import PLURAL_REFS, DocContext
from transforms.extraction.facts import PersonArg, RelationFact, RelationType
from transforms.extraction.finders import FINDERS
from transforms.extraction.lexicon import lexicon

RULES_FILE = Path(__file__).with_name("rules.toml")
_RULE_KEYS = {"name", "finder", "type", "tense", "preps", "confidence", "trigger", "nouns", "group_nouns",
              "partnership_nouns", "pos"}
_TRIGGER_KEYS = {"lemma", "lower", "pos", "tag", "dep", "child_lower", "subtree_lower", "next_lower", "head_lemma"}
_CUE_KEYS = {"name", "category", "lemma_from", "lower_from", "direction", "scope"}
CUE_CATEGORIES = {"negated", "speculative", "hypothetical"}
DIRECTIONS = {"forward", "backward", "both"}


def _phrase(span: Span) -> str:
    """'ex - wife' -> 'ex-wife', 'best friend' -> 'best friend' (the lexicon's spelling)."""
    out = ""
    for t in span:
        out += t.lower_ if t.text == "-" or out.endswith("-") or not out else " " + t.lower_
    return out


class RuleError(ValueError):
    """rules.toml is malformed; the message names the rule."""


@dataclass(frozen=True)
class Trigger:
    lemma: frozenset[str] = frozenset()
    lower: frozenset[str] = frozenset()
    pos: frozenset[str] = frozenset()
    tag: frozenset[str] = frozenset()
    dep: frozenset[str] = frozenset()
    child_lower: frozenset[str] = frozenset()
    subtree_lower: frozenset[str] = frozenset()
    next_lower: frozenset[str] = frozenset()
    head_lemma: frozenset[str] = frozenset()

    def holds(self, tok: Token) -> bool:
        """The trigger's conditions beyond its words, on a matched token: part of speech, tag, dependency, a
        particle child ('break up'), a head, a word below it. With `next_lower`, the particle may instead
        simply follow ('have parted ways', which the parser reads as an adjective of 'ways')."""
        if self.pos and tok.pos_ not in self.pos or self.tag and tok.tag_ not in self.tag \
                or self.dep and tok.dep_ not in self.dep:
            return False
        if self.child_lower and not any(c.lower_ in self.child_lower for c in tok.children):
            nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            if not (self.next_lower and nxt is not None and nxt.lower_ in self.next_lower):
                return False
        if self.head_lemma and tok.head.lemma_ not in self.head_lemma:
            return False
        return not self.subtree_lower or any(t.lower_ in self.subtree_lower for t in tok.subtree)


@dataclass(frozen=True)
class Rule:
    name: str
    finder: str
    order: int
    confidence: float
    type: RelationType | None = None
    tense: bool = False
    preps: frozenset[str] = frozenset()
    triggers: tuple[Trigger, ...] = ()
    nouns: tuple[str, ...] = ()  # relation-noun entries (lexicon words) this rule triggers on
    pos: frozenset[str] = frozenset()



@dataclass(frozen=True)
class Cue:
    name: str
    category: str
    words: frozenset[str]
    by_lemma: bool
    direction: str
    scope: int


@dataclass(frozen=True)
class TriggerMatch:
    rule: Rule
    token: Token  # the head token of the trigger
    start: int  # first token of the match
    entry: str  # the lexicon word for relation-noun rules, else the token's lemma


MatchKey = tuple[Rule, int, Trigger | None]  # a matcher key's rule, the offset of its head token, its trigger


@dataclass
class RuleSet:
    rules: list[Rule]
    cues: list[Cue]
    _matchers: dict[int, tuple] = field(default_factory=dict)

    def by_name(self) -> dict[str, Rule]:
        return {r.name: r for r in self.rules}

    def matchers(self, vocab: Vocab) -> tuple[PhraseMatcher, PhraseMatcher, dict[str, MatchKey]]:
        """Two PhraseMatchers (by lower-case text and by lemma) holding every rule's trigger words and phrases;
        keys map back to (rule, head offset, trigger). A phrase matcher is a hash lookup per token, so its
        cost does not grow with the number of words; the other token conditions are checked per match."""
        cached = self._matchers.get(id(vocab))
        if cached is not None:
            return cached
        by_lower, by_lemma = PhraseMatcher(vocab, attr="LOWER"), PhraseMatcher(vocab, attr="LEMMA")
        keys: dict[str, MatchKey] = {}

        def add(matcher: PhraseMatcher, key: str, phrases: list[tuple[str, ...]], lemma: bool) -> None:
            docs = [Doc(vocab, words=list(p), lemmas=list(p)) if lemma else Doc(vocab, words=list(p)) for p in phrases]
            matcher.add(key, docs)

        for rule in self.rules:
            for n, trig in enumerate(rule.triggers):
                if trig.lemma:
                    keys[f"{rule.name}#{n}L"] = (rule, 0, trig)
                    add(by_lemma, f"{rule.name}#{n}L", [(w,) for w in sorted(trig.lemma)], lemma=True)
                if trig.lower:
                    keys[f"{rule.name}#{n}W"] = (rule, 0, trig)
                    add(by_lower, f"{rule.name}#{n}W", [(w,) for w in sorted(trig.lower)], lemma=False)
            by_head: dict[int, list[tuple[str, ...]]] = {}
            for word in rule.nouns:
                noun = lexicon().relation_nouns.get(word)
                if noun is not None:
                    tokens, head = noun.tokens, noun.head_index
                elif word in lexicon().group_nouns or word in lexicon().partnership_nouns:
                    tokens, head = (word,), 0
                else:
                    raise RuleError(f"{rule.name}: unknown noun {word!r}")
                by_head.setdefault(head, []).append(tokens)
            for head, phrases in by_head.items():
                lemma = rule.finder == "partnership_noun"
                key = f"{rule.name}@{head}"
                keys[key] = (rule, head, None)
                add(by_lemma if lemma else by_lower, key, phrases, lemma)
        self._matchers[id(vocab)] = (by_lower, by_lemma, keys)
        return self._matchers[id(vocab)]


def _frozen(value: object, where: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(f"{where}: expected a list of strings")
    return frozenset(value)


def parse_rules(data: dict) -> RuleSet:
    lex = lexicon()
    rules: list[Rule] = []
    for order, spec in enumerate(data.get("rule", [])):
        name = spec.get("name") or f"rule #{order}"
        if set(spec) - _RULE_KEYS:
            raise RuleError(f"{name}: unknown keys {sorted(set(spec) - _RULE_KEYS)}")
        if spec.get("finder") not in FINDERS:
            raise RuleError(f"{name}: unknown finder {spec.get('finder')!r}; known: {sorted(FINDERS)}")
        confidence = spec.get("confidence")
        if not isinstance(confidence, float) or not 0 < confidence <= 1:
            raise RuleError(f"{name}: confidence must be a number in (0, 1]")
        rtype = None
        if "type" in spec:
            try:
                rtype = RelationType(spec["type"])
            except ValueError:
                raise RuleError(f"{name}: unknown relation type {spec['type']!r}") from None
        triggers = []
        for t in spec.get("trigger", []):
            if set(t) - _TRIGGER_KEYS or not ({"lemma", "lower"} & set(t)):
                raise RuleError(f"{name}: a trigger needs a lemma or lower list; keys among {sorted(_TRIGGER_KEYS)}")
            triggers.append(Trigger(**{k: _frozen(v, f"{name}.trigger.{k}") for k, v in t.items()}))
        nouns: list[str] = []
        for group in spec.get("nouns", []):
            words = [w for w, n in lex.relation_nouns.items() if n.group == group]
            if not words:
                raise RuleError(f"{name}: no relation nouns in lexicon group {group!r}")
            nouns += sorted(words)
        if spec.get("group_nouns"):
            nouns += sorted(lex.group_nouns)
        if spec.get("partnership_nouns"):
            nouns += sorted(lex.partnership_nouns)
        if not triggers and not nouns:
            raise RuleError(f"{name}: no trigger")
        rules.append(Rule(name, spec["finder"], order, confidence, rtype, bool(spec.get("tense", False)),
                          _frozen(spec.get("preps", []), f"{name}.preps"), tuple(triggers), tuple(nouns),
                          _frozen(spec.get("pos", []), f"{name}.pos")))
    if len({r.name for r in rules}) != len(rules):
        raise RuleError("rule names must be unique")
    cues = []
    for spec in data.get("cue", []):
        name = spec.get("name", "?")
        if set(spec) - _CUE_KEYS:
            raise RuleError(f"cue {name}: unknown keys {sorted(set(spec) - _CUE_KEYS)}")
        if spec.get("category") not in CUE_CATEGORIES or spec.get("direction") not in DIRECTIONS:
            raise RuleError(f"cue {name}: category in {sorted(CUE_CATEGORIES)}, direction in {sorted(DIRECTIONS)}")
        source = spec.get("lemma_from") or spec.get("lower_from")
        if source not in lex.cues:
            raise RuleError(f"cue {name}: no cue list {source!r} in lexicon.toml")
        cues.append(Cue(name, spec["category"], lex.cues[source], "lemma_from" in spec, spec["direction"],
                        int(spec["scope"])))
    return RuleSet(rules, cues)


@lru_cache(maxsize=1)
def ruleset() -> RuleSet:
    with RULES_FILE.open("rb") as fh:
        return parse_rules(tomllib.load(fh))


# --- matching --------------------------------------------------------------------------------------------
def find_triggers(ctx: DocContext, rules: RuleSet) -> list[TriggerMatch]:
    """One pass of each phrase matcher; one rule per trigger token: the longest match, then the rule listed
    first."""
    by_lower, by_lemma, keys = rules.matchers(ctx.doc.vocab)
    best: dict[int, tuple[int, int, TriggerMatch]] = {}
    doc = ctx.doc
    for match_id, start, end in [*by_lower(doc), *by_lemma(doc)]:
        rule, head, trigger = keys[doc.vocab.strings[match_id]]
        token = doc[start + head]
        if token.i in ctx.refs and ctx.refs[token.i].kind == "name":
            continue  # a name is never its own trigger ("Bride" as a surname, "Love" as a first name)
        if trigger is not None and not trigger.holds(token):
            continue
        # a relation word that is never a verb, a hyphenated one, or one right after a possessive is a noun
        # whatever the tagger says: "then boyfriend Tad" tagged VB, "ex-girlfriends" VBZ, "her ex Tad" X
        owned = start > 0 and doc[start - 1].tag_ in ("PRP$", "POS")
        a_noun_anyway = rule.nouns and (end - start >= 3 and doc[start + 1].text == "-" or owned
                                        or token.lower_ not in _ALSO_VERBS)
        if trigger is None and rule.pos and token.pos_ not in rule.pos and not a_noun_anyway:
            continue
        if rule.nouns:
            entry = token.lemma_.lower() if rule.finder == "partnership_noun" else _phrase(doc[start:end])
        else:
            entry = token.lemma_.lower()
        candidate = TriggerMatch(rule, token, start, entry)
        rank = (-(end - start), rule.order)
        held = best.get(token.i)
        if held is None or rank < (held[0], held[1]):
            best[token.i] = (rank[0], rank[1], candidate)
    # a token inside a longer winning phrase triggers nothing of its own: 'baby' in 'baby daddy'
    covered = {i for rank, _, m in best.values() if rank < -1
               for i in range(m.start, m.start - rank) if i != m.token.i}
    return [m for _, _, m in sorted(best.values(), key=lambda v: v[2].token.i) if m.token.i not in covered]


def _cue_categories(ctx: DocContext, trig: Token, sent: Span, rules: RuleSet) -> set[str]:
    """ConText: the cue categories that reach the trigger within its sentence."""
    out: set[str] = set()
    terminators = lexicon().cues["terminators"]
    doc = ctx.doc
    for cue in rules.cues:
        for t in sent:
            word = t.lemma_.lower() if cue.by_lemma else t.lower_
            if word not in cue.words or t.i == trig.i:
                continue
            if cue.category == "negated" and _denied_denial(t):
                continue
            ahead = t.i < trig.i
            if cue.direction == "forward" and not ahead or cue.direction == "backward" and ahead:
                continue
            lo, hi = sorted((t.i, trig.i))
            if hi - lo > cue.scope or any(doc[k].lower_ in terminators for k in range(lo + 1, hi)):
                continue
            out.add(cue.category)
            break
    # syntactic negation: "did not marry", "are not dating", and a denial verb above the trigger
    if any(c.dep_ == "neg" for c in trig.children) or (
            trig.dep_ in ("xcomp", "acomp", "attr") and any(c.dep_ == "neg" for c in trig.head.children)) or (
            # "are not headed for a split": the noun's preposition hangs on a negated verb
            trig.dep_ == "pobj" and trig.head.lower_ in ("for", "toward", "towards")
            and any(c.dep_ == "neg" for c in trig.head.head.children)):
        out.add("negated")
    if trig.i >= 2 and doc[trig.i - 1].lower_ == "to" and trig.pos_ == "VERB" \
            and any(t.lower_ == "too" for t in doc[max(sent.start, trig.i - 8) : trig.i - 1]):
        out.add("negated")  # "way too much going for them to split", "too young to marry"
    node = trig
    denial = lexicon().cues["denial"]
    for _ in range(3):
        if node.lemma_.lower() in denial and not _denied_denial(node):
            out.add("negated")
        if node.head.i == node.i:
            break
        node = node.head
    if _under_a_negating_noun(trig):
        out.add("negated")
    return out


def _denied_denial(cue: Token) -> bool:
    """A denial denied affirms: "there's no denying that they married", "she did not deny they split"."""
    return any(c.dep_ in ("det", "neg") and c.lower_ in ("no", "not", "n't", "never") for c in cue.children)


def _under_a_negating_noun(trig: Token) -> bool:
    """'there has been no word that Gomez has split', 'no truth to reports that they married': the trigger's
    clause hangs (within four steps up) from a noun of lexicon cues.negating_nouns determined by 'no'."""
    nouns = lexicon().cues["negating_nouns"]
    node = trig
    for _ in range(4):
        if node.head.i == node.i:
            return False
        node = node.head
        if node.lower_ in nouns and any(c.dep_ == "det" and c.lower_ == "no" for c in node.children):
            return True
    return False


def relations(ctx: DocContext, rules: RuleSet | None = None) -> list[RelationFact]:
    """Every relation the rules find in the article."""
    rules = rules or ruleset()
    facts: list[RelationFact] = []
    worth = [_sentence_worth_reading(ctx, si) for si in range(len(ctx.sents))]
    for match in find_triggers(ctx, rules):
        si = ctx.sent_of[match.token.i]
        if not worth[si]:
            continue
        sent = ctx.sents[si]
        cues = _cue_categories(ctx, match.token, sent, rules)
        if "hypothetical" in cues:
            continue  # "if they ever marry", "wants to date X someday": nothing was stated as happening
        if _inside_a_role(match.token):
            continue  # "the pair star as a couple who file for divorce": the role's story, not theirs

        over = _no_longer(match.token, sent)

        def emit(a: PersonArg, b: PersonArg, rtype: RelationType, base: float, match: TriggerMatch = match,
                 sent: Span = sent, cues: set[str] = cues, over: bool = over) -> None:
            if a.key == b.key:
                return
            if over and rtype is RelationType.FRIEND:
                return  # "is no longer friends with James": no type says what they are now
            if over and rtype.is_couple:
                rtype = RelationType.EX_PARTNER  # "they are no longer dating"
            if rtype.is_couple and (a.key in ctx.children or b.key in ctx.children):
                return  # a child has no partner: "her 'Hot Felon' fella welcomed son Jayden ... romance"
            speculative = "speculative" in cues
            confidence = base * a.confidence * b.confidence * (0.6 if speculative else 1.0)
            facts.append(RelationFact(a.key, b.key, rtype.value, round(min(confidence, 0.99), 3),
                                      match.token.text, sent.start_char, sent.end_char, "negated" in cues,
                                      speculative, match.rule.name))

        FINDERS[match.rule.finder](ctx, match, match.rule, emit)
    facts = _resolve_children(_resolve_partners(facts), ctx)
    facts = _relationship_of_kin(facts)
    # a plot summary's families are its characters': 'Offred's best friend, Moira'
    return [f for f in facts if ctx.about_real_life(f.person_a, f.person_b, f.sentence_start, f.sentence_end)]


_PLAY_LEMMAS = lexicon().people["play_lemmas"]
_ALSO_VERBS = frozenset(lexicon().people["relation_words_also_verbs"])
_ROLE_VERBS = _PLAY_LEMMAS | lexicon().people["role_with_as_lemmas"]  # 'stars as a detective'


def _relationship_of_kin(facts: list[RelationFact]) -> list[RelationFact]:
    """'Her bestfriend Jennifer is supportive of her but their relationship is targeted by rumor mongers': a
    bare 'relationship' between two people its own sentence makes friends or family is that bond, no romance."""
    bonds = {(frozenset((f.person_a, f.person_b)), f.sentence_start) for f in facts
             if not f.is_negated and not RelationType(f.relation_type).is_couple}
    return [f for f in facts if not (f.rule == "partnership_noun" and f.trigger.lower() == "relationship"
                                     and RelationType(f.relation_type).is_couple
                                     and (frozenset((f.person_a, f.person_b)), f.sentence_start) in bonds)]


def _no_longer(trigger: Token, sent: Span) -> bool:
    """'no longer' (or 'not ... any longer') within the four words before the trigger: what it states is over."""
    doc = trigger.doc
    for k in range(max(sent.start + 1, trigger.i - 4), trigger.i):
        if doc[k].lower_ == "longer" and doc[k - 1].lower_ in ("no", "any"):
            return True
    return False


def _inside_a_role(trigger: Token) -> bool:
    """The trigger is part of a role someone plays: 'star as a couple who divorce', 'plays a woman who marries
    her boss'. A role clause beside the statement ('Bell, who plays Eleanor, married Dax') is no ancestor."""
    for node in (trigger, *trigger.ancestors):
        if node.dep_ == "pobj" and node.head.lower_ == "as" and node.head.head.lemma_ in _ROLE_VERBS:
            return True
        if node.dep_ == "dobj" and node.head.lemma_ in _PLAY_LEMMAS - {"cast"}:  # not 'a film starring X and his wife'
            return True
    return False


def _resolve_children(facts: list[RelationFact], ctx: DocContext) -> list[RelationFact]:
    """'her daughter' with no name: the one child the article shows (a stated young age, 'little Stormi',
    'daughter Khai') of a matching gender that no other fact gives another parent than the owner or the
    owner's partner; with none or several, the fact is dropped."""
    if not any(f.person_b.startswith(CHILD_OF) for f in facts):
        return facts
    partners = partners_of(facts)
    parents: dict[str, set[str]] = {}
    otherwise: set[frozenset[str]] = set()  # pairs the article relates in another way ('her nephew, Tim')
    for f in facts:
        if f.is_negated or "@" in f.person_a + f.person_b:
            continue
        if f.relation_type == RelationType.PARENT_OF.value:
            parents.setdefault(f.person_b, set()).add(f.person_a)
        else:
            otherwise.add(frozenset((f.person_a, f.person_b)))

    def resolve(owner: str, gender: str) -> str:
        family = {owner} | partners.get(owner, set())
        fits = [k for k in sorted(ctx.children) if k != owner and parents.get(k, family) <= family
                and frozenset((owner, k)) not in otherwise and (not gender or ctx.gender_ok(k, gender))]
        return fits[0] if len(fits) == 1 else ""

    out = []
    for f in facts:
        if not f.person_b.startswith(CHILD_OF):
            out.append(f)
        elif child := resolve(f.person_a, f.person_b[len(CHILD_OF) :]):
            out.append(replace(f, person_b=child))
    return out


def relatives_of(facts: list[RelationFact]) -> dict[tuple[str, str], set[str]]:
    """(person, kind) -> the people the article's stated, named facts give them: partners (and exes),
    children, parents, siblings."""
    out: dict[tuple[str, str], set[str]] = {}
    for f in facts:
        if f.is_negated or "@" in f.person_a + f.person_b:
            continue
        rtype = RelationType(f.relation_type)
        if rtype.is_couple:
            pairs = [((f.person_a, "partner"), f.person_b), ((f.person_b, "partner"), f.person_a)]
        elif rtype is RelationType.PARENT_OF:
            pairs = [((f.person_a, "child"), f.person_b), ((f.person_b, "parent"), f.person_a)]
        elif rtype is RelationType.SIBLING:
            pairs = [((f.person_a, "sibling"), f.person_b), ((f.person_b, "sibling"), f.person_a)]
        else:
            continue
        for owner_kind, other in pairs:
            out.setdefault(owner_kind, set()).add(other)
    return out


def partners_of(facts: list[RelationFact]) -> dict[str, set[str]]:
    """Each person's partners and exes as the article's stated, named facts give them (no placeholders)."""
    return {who: others for (who, kind), others in relatives_of(facts).items() if kind == "partner"}


def _resolve_partners(facts: list[RelationFact]) -> list[RelationFact]:
    """'She shares Chet and Truman with her husband': the unnamed partner is the one partner the article's
    other facts give her (married, engaged, dating or ex); with none or several, the fact is dropped."""
    partners = partners_of(facts)

    def resolve(key: str) -> str:
        if not key.startswith(PARTNER_OF):
            return key
        known = partners.get(key[len(PARTNER_OF) :], set())
        return next(iter(known)) if len(known) == 1 else ""

    out = []
    for f in facts:
        a, b = resolve(f.person_a), resolve(f.person_b)
        if a and b and a != b:
            out.append(f if (a, b) == (f.person_a, f.person_b) else replace(f, person_a=a, person_b=b))
    return out


def _sentence_worth_reading(ctx: DocContext, si: int) -> bool:
    """Two people referred to, or one and a plural reference ('their', 'the couple') or an unnamed partner
    ('filed for divorce from his wife': the partner the article names elsewhere)."""
    keys = {k for _, k in ctx.persons_in(si)}
    if len(keys) >= 2:
        return True
    sent = ctx.sents[si]
    return len(keys) <= 1 and any(t.lower_ in ("their", "they", "them") or t.lower_ in PLURAL_REFS
                                  or t.lower_ in GROUP_WORDS or (
        len(keys) == 1 and t.lower_ in _PARTNER_WORDS) or (
        t.dep_ == "nummod" and t.head.lower_ in _GROUP_NOUNS) for t in sent)  # 'the four friends'


_GROUP_NOUNS = frozenset(lexicon().group_nouns)  # 'couple', 'friends', 'sisters': counted in 'the four friends'
_PARTNER_WORDS = frozenset(w for w, n in RELATION_NOUNS.items() if " " not in w and (
    n.type.is_couple or n.role == "child"))  # 'his wife', 'her daughter', 'her daughters': named elsewhere
