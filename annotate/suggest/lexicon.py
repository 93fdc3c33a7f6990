"""Trigger lexicons per event type, and the cues that set event attributes. Data, not code.

Entries are lowercased word forms; a multi-word entry is a tuple of forms (``("called", "for")``). The
hand-written forms below come from the seed articles; :data:`LEMMAS` adds every inflected form of a
verb or noun lemma that spaCy's English lookup lemmatizer table (``spacy-lookups-data``, built from
WordNet) maps to it ("recommend" -> recommends, recommended, recommending), with the tense the form
shows, so that a new verb is one word here, not four. A hand-written entry wins over a generated one. The lexicons follow the event definitions in
:mod:`schema.events` and the annotation guidelines: a Visit is travel by an official to a place
(visit, trip, tour, arrived, traveled), a Loan is money to be repaid (loan, credit line, lend), an
Agreement is concluding or leaving a formal agreement (signed, deal, accord, treaty, contract,
withdraw from a treaty), a Statement is a public communication (said, stated, warned, urged, called
for, vowed, criticized, denounced, invited).

Words that are only triggers in some uses carry a :class:`Constraint`: "travel" is a Visit as a verb
("traveled to Vietnam"), not as a noun ("air travel"); "withdraw" is an Agreement only when a treaty,
deal or agreement is in view; "credit" is a Loan, "Credit:" under a photo is not.
"""

from __future__ import annotations

from dataclasses import dataclass

VISIT, LOAN, AGREEMENT, STATEMENT = "Visit", "Loan", "Agreement", "Statement"


@dataclass(frozen=True)
class Entry:
    """One trigger form: the event type, its word forms, part of speech and constraints."""

    type: str
    words: tuple[str, ...]
    noun: bool = False  # a nominal trigger ("visit", "loans"): plural bare nouns are generic
    plural: bool = False
    tense: str | None = None  # the tense the form itself shows: past | present | None
    needs_treaty: bool = False  # only with a treaty/deal/agreement word nearby ("withdraw from the INF")
    verb_only: bool = False  # not after a determiner or adjective ("air travel", "a call")
    meeting: bool = False  # talks and meetings: a Visit only in a document that reports a visit
    needs_support: bool = False  # only when concluding is expressed ("signed the treaty", "a treaty ratified by")
    support: bool = False  # a support verb: with a same-type event noun as object, the noun is the trigger
    attend: bool = False  # attending an event held abroad ("attend the 18th NAM Summit in Azerbaijan")


def _entries() -> list[Entry]:
    entries: list[Entry] = []

    def add(type_: str, forms: str, **flags: object) -> None:
        for form in forms.split(","):
            form = form.strip()
            if form:
                entries.append(Entry(type_, tuple(form.split()), **flags))  # type: ignore[arg-type]

    # -- Visit: travel by an official to a place --------------------------------------------------
    add(VISIT, "visit, trip, tour, arrival", noun=True)
    add(VISIT, "visits, trips, tours", noun=True, plural=True)
    # Meetings and talks held during a visit are mentions of that Visit (guidelines 10.1).
    add(VISIT, "talks, meeting, meetings, summit", noun=True, meeting=True)
    add(VISIT, "met", tense="past", meeting=True)
    add(VISIT, "meets", tense="present", meeting=True)
    add(VISIT, "meeting", tense="present", meeting=True)
    add(VISIT, "meet", verb_only=True, meeting=True)
    # Attending or participating in an event held abroad (guidelines 10.3).
    add(VISIT, "attend, participate, attended, participated", attend=True, support=True)
    add(VISIT, "visited, toured, arrived, traveled, travelled, flew", tense="past")
    add(VISIT, "visits, arrives, travels, tours", tense="present")
    add(VISIT, "visiting, arriving, traveling, travelling, touring", tense="present")
    add(VISIT, "arrive, travel", verb_only=True)
    # -- Loan: money to be repaid ------------------------------------------------------------------
    add(LOAN, "loan, credit line, line of credit, credit, loan agreement", noun=True)
    add(LOAN, "loans, credits, credit lines, lines of credit", noun=True, plural=True)
    add(LOAN, "lent, loaned, borrowed", tense="past")
    add(LOAN, "lends, borrows", tense="present")
    add(LOAN, "lending, borrowing", tense="present")
    add(LOAN, "lend, borrow", verb_only=True)
    # -- Agreement: concluding, ratifying or leaving a formal agreement ---------------------------------
    # Guidelines 3.3: a singular agreement noun is an event only when concluding (or leaving) it is
    # expressed: a concluding verb before it in its clause ("signed a deal"), a concluding participle
    # right after it ("a treaty ratified by 196 nations"), or "new" ("a new arms deal": one just made).
    add(AGREEMENT, "agreement, deal, accord, contract, memorandum, memorandum of understanding, mou, treaty, pact",
        noun=True, needs_support=True)
    add(AGREEMENT, "agreements, deals, accords, treaties, contracts, pacts, memoranda, mous", noun=True,
        plural=True)
    add(AGREEMENT, "signed, ratified, concluded, inked, sealed", tense="past", support=True)
    add(AGREEMENT, "signs, ratifies, inks", tense="present", support=True)
    add(AGREEMENT, "signing, ratifying", tense="present", support=True)
    add(AGREEMENT, "sign, ratify", verb_only=True, support=True)
    add(AGREEMENT, "agreed", tense="past", needs_treaty=True)  # "the INF Treaty, in which [they] agreed"
    # ending an agreement, named by a noun before it: "announced the end to a nuclear missiles treaty",
    # "the repeal of this nuclear agreement" (guidelines 3.3, 10.5)
    add(AGREEMENT, "end, repeal, abrogation, termination, scrapping", noun=True, needs_treaty=True)
    add(AGREEMENT, "withdrew, pulled out, exited", tense="past", needs_treaty=True)
    add(AGREEMENT, "withdraws, pulls out", tense="present", needs_treaty=True)
    add(AGREEMENT, "withdraw, withdrawing, pull out, exit", needs_treaty=True)
    add(AGREEMENT, "withdrawal", noun=True, needs_treaty=True)
    # -- Statement: a public communication of a position --------------------------------------------
    add(STATEMENT, "said, stated, announced, declared, told, warned, urged, vowed, pledged, criticized, "
                   "criticised, denounced, condemned, invited, stressed, highlighted, reaffirmed, assailed, "
                   "accused, denied, claimed, insisted, confirmed, emphasized, emphasised, "
                   "called for, called on, called upon, noted, added, blasted, slammed, praised, cautioned, "
                   "rejected, proposed, promised, expressed, committed, suggested, greeted, threatened, "
                   "shared, demanded, argued, reiterated, asserted, affirmed, explained", tense="past")
    add(STATEMENT, "says, announces, declares, tells, warns, urges, vows, pledges, criticizes, criticises, "
                   "denounces, condemns, invites, stresses, reaffirms, assails, accuses, denies, claims, "
                   "calls for, calls on, insists, promises, threatens, suggests, greets, demands, argues, "
                   "reiterates", tense="present")
    add(STATEMENT, "saying, announcing, warning, urging, vowing, criticizing, denouncing, condemning, "
                   "inviting, calling for, calling on, stressing, accusing, insisting", tense="present")
    add(STATEMENT, "say, warn, urge, vow, criticize, denounce, condemn, invite, call for, call on, assail, "
                   "caution, accuse, deny, stress, suggest, threaten, share", verb_only=True)
    add(STATEMENT, "statement, announcement, declaration, warning, criticism, condemnation, invitation, "
                   "appeal, accusation, pledge, vow, remarks, greeting, press conference, news conference",
        noun=True)
    add(STATEMENT, "statements, announcements, declarations, warnings, accusations, invitations, appeals, "
                   "pledges, vows", noun=True, plural=True)
    return entries


#: Lemmas whose inflected forms are triggers: type -> (verb lemmas, noun lemmas). Guidelines 3.1-3.4.
LEMMAS: dict[str, tuple[str, str]] = {
    VISIT: ("visit tour arrive travel", "visit trip tour arrival"),
    LOAN: ("lend borrow loan", "loan credit"),
    AGREEMENT: ("sign ratify ink agree", "ceasefire truce armistice"),
    # The verbs of public communication of the Statement definition (guidelines 3.4) and their common
    # synonyms: asserting, announcing, promising, demanding, advising, warning, judging, replying.
    STATEMENT: ("say announce declare tell warn urge vow pledge criticize criticise denounce condemn invite "
                "stress reaffirm assail accuse deny claim insist confirm emphasize emphasise blast slam praise "
                "caution reject propose promise express suggest greet threaten demand argue reiterate assert "
                "affirm explain recommend proclaim profess advocate request concede acknowledge admit "
                "allege contend comment remark tweet ask appeal plead implore advise "
                "swear assure guarantee predict warn rebuke decry lament complain applaud hail welcome blame "
                "dismiss dispute disclose reveal announce order instruct preach",
                "statement announcement declaration warning criticism condemnation invitation appeal "
                "accusation pledge vow remark greeting demand recommendation proclamation request speech "
                "interview comment tweet plea threat allegation denial proposal assurance promise"),
}
#: Generated Statement forms that are triggers only with a speaker in view (other senses: "a
#: confirmed case", "demands of the job", "the proposed budget", "ordered goods").
WEAK_LEMMAS = frozenset("""confirm stress express propose reject promise praise claim deny emphasize emphasise
    insist reaffirm suggest greet argue explain affirm assert reiterate recommend advocate request demand
    profess proclaim concede acknowledge admit comment remark ask appeal advise swear assure
    guarantee predict welcome dismiss dispute disclose reveal order instruct preach speech interview tweet threat
    proposal assurance plea""".split())
#: Verb lemmas that are an Agreement only in a clause that ties them to a formal agreement (10.2).
NEEDS_TREATY_LEMMAS = frozenset({"agree"})
#: Forms never generated: nouns far more often than the verb ("the United States", "oil shares").
NOT_GENERATED = frozenset("state states stating share shares tours signs sign credits credit order sworn".split())
#: Support verbs (guidelines 4.3), by lemma: with an event noun as object, the noun is the trigger.
SUPPORT_LEMMAS = "sign conclude ink seal reach finalize finalise ratify negotiate strike broker"


def lemma_forms(lemmas: str) -> dict[str, str]:
    """Inflected form -> lemma for each of ``lemmas`` (space-separated), the lemmas included, from
    spaCy's English lemma lookup table (``spacy-lookups-data``)."""
    inverted = _inverted_table()
    out: dict[str, str] = {}
    for lemma in lemmas.split():
        out.update((form, lemma) for form in inverted.get(lemma, ()))
        out[lemma] = lemma
    return out


def _inverted_table() -> dict[str, list[str]]:
    """Lemma -> its forms, from ``en_lemma_lookup`` (read once, only when the lexicon is built)."""
    global _INVERTED
    if _INVERTED is None:
        import gzip
        import json

        from spacy_lookups_data import get_file

        with gzip.open(get_file("en_lemma_lookup.json.gz"), "rt", encoding="utf-8") as handle:
            table = json.load(handle)
        _INVERTED = {}
        for form, lemma in table.items():
            _INVERTED.setdefault(lemma, []).append(form)
    return _INVERTED


_INVERTED: dict[str, list[str]] | None = None


def _form_tense(form: str, lemma: str) -> str | None:
    if form == lemma:
        return None
    if form.endswith("ing"):
        return "present"
    if form.endswith("s"):
        return "present"
    return "past"


def _generated(hand: list[Entry]) -> tuple[list[Entry], set[str]]:
    """Entries for the forms of :data:`LEMMAS` that no hand-written entry starts with, and the weak
    Statement forms among them."""
    taken = {e.words[0] for e in hand}
    hand_taken = set(taken)
    out: list[Entry] = []
    weak: set[str] = set()
    for type_, (verbs, nouns) in LEMMAS.items():
        for form, lemma in sorted(lemma_forms(verbs).items()):
            if form in taken or form in NOT_GENERATED or not form.isalpha():
                continue
            taken.add(form)
            tense = _form_tense(form, lemma)
            out.append(Entry(type_, (form,), tense=tense, verb_only=tense is None,
                             needs_treaty=lemma in NEEDS_TREATY_LEMMAS))
            if type_ == STATEMENT and lemma in WEAK_LEMMAS:
                weak.add(form)
        verb_forms = {form for form in lemma_forms(verbs)}
        for form, lemma in sorted(lemma_forms(nouns).items()):
            # a form that is a generated verb of this type is a noun too ("our demand", "the promise")
            if (form in taken and not (form in verb_forms and form not in hand_taken)) or \
                    form in NOT_GENERATED or not form.isalpha() or (
                    form != lemma and not form.endswith("s")):
                continue  # the table also maps verb forms to a noun lemma ("tripped" -> trip)
            taken.add(form)
            out.append(Entry(type_, (form,), noun=True, plural=form != lemma,
                             needs_support=type_ == AGREEMENT and form == lemma))
            if type_ == STATEMENT and lemma in WEAK_LEMMAS:
                weak.add(form)
    return out, weak


_HAND = _entries()
_GENERATED, _WEAK_GENERATED = _generated(_HAND)
ENTRIES: tuple[Entry, ...] = tuple(_HAND + _GENERATED)

#: Support verbs (guidelines 4.3): with an event noun as object, the noun is the trigger.
SUPPORT_VERBS = frozenset("""sign signed signs signing conclude concluded concluding ink inked seal sealed
    reach reached finalize finalized ratify ratified negotiated""".split()) | frozenset(lemma_forms(SUPPORT_LEMMAS))
#: Verbs between a subject and a noun trigger that make the subject a participant ("the Russian
#: government extended a $50 million loan", "Medvedev paid a visit", "Cuba's president is in Russia for
#: an official visit").
NOMINAL_SUPPORT = SUPPORT_VERBS | frozenset("""extended extends extend paid pays pay held holds hold made
    makes make secured secure granted grants provided provides received receives got obtained is was are
    were began begins started starts ended ends completed completes offered offers approved gave give
    gives conducted conducts attended attends issued issues pushed wrapped kicked announced announces
    decided ordered""".split())
#: Participles right after an agreement noun that express its concluding ("a treaty ratified by").
CONCLUDED_AFTER = frozenset(w for w, lemma in lemma_forms(SUPPORT_LEMMAS + " approve agree").items()
                            if w.endswith("ed") or w in ("signed", "struck", "inked")) | {"made", "reached"}
#: Nouns of ending that are an Agreement with an agreement noun right after ("the end to a treaty").
LEAVING_NOUNS = frozenset("end repeal abrogation termination scrapping".split())
#: Words that make "withdraw"/"exit" an Agreement trigger when they follow within a few words.
TREATY_WORDS = frozenset("""treaty treaties agreement agreements deal deals accord accords pact pacts
    contract contracts inf convention protocol jcpoa nafta""".split())

#: Function words and adjectives after which a verb_only form is really a noun ("air travel").
NOUN_CONTEXT = frozenset("""a an the this that these those his her its their our my your air rail
    international domestic foreign business official state working cooperative""".split())

#: Words after which a past participle is an adjective, not a verb ("their shared views").
DETERMINERS = frozenset("a an the their its his her our my your this these those".split())
#: Events that "attend"/"participate in" a visit abroad is about.
ATTENDED_EVENTS = frozenset("""summit celebrations celebration ceremony ceremonies parade forum conference
    games olympics festival inauguration funeral talks meeting session""".split())
#: Determiners and numbers that make a plural nominal trigger specific ("8 agreements", "the loans").
SPECIFIC_DETERMINERS = frozenset("""the these those both two three four five six seven eight nine ten
    several its their his her our this that""".split())

# -- attribute cues (lowercased tokens within the trigger's sentence, before the trigger) -----------

#: Cues that the event is not asserted as real and lies ahead: realis "other", tense "future".
FUTURE_CUES = (
    ("will",), ("'ll",), ("shall",), ("plans", "to"), ("plan", "to"), ("planned", "to"), ("planning", "to"),
    ("intends", "to"), ("intend", "to"), ("intended", "to"), ("is", "to"), ("are", "to"), ("going", "to"),
    ("expected", "to"), ("scheduled", "to"), ("set", "to"), ("close", "to"), ("hopes", "to"), ("hope", "to"),
    ("hoping", "to"), ("aims", "to"), ("seeks", "to"), ("wants", "to"), ("threatens", "to"),
    ("threatened", "to"), ("upcoming",), ("next",), ("future",), ("prospective",), ("proposed",),
    ("invited",), ("invites",), ("urged",), ("urges",), ("decision", "to"), ("announced",), ("announces",),
    ("to", "suggest"),
)
#: Cues that the event was attempted or sought before the DCT: realis "other", tense "past".
ATTEMPT_CUES = (("worked", "to"), ("to", "secure"), ("tried", "to"), ("sought", "to"), ("attempted", "to"),
                ("trying", "to"), ("in", "talks", "on"), ("negotiated",))
#: Cues that the event is possible, conditional or under discussion: realis "other" (tense unspecified).
MODAL_CUES = (
    ("would",), ("could",), ("may",), ("might",), ("can",), ("potential",), ("possible",), ("possibly",),
    ("considering",), ("considers",), ("negotiating",), ("negotiations",), ("discuss",), ("if",),
    ("unless",), ("to", "discuss"), ("talks", "on"),
)
#: Cues that the event is said not to happen: polarity "negative".
NEGATION_CUES = (
    ("not",), ("n't",), ("never",), ("no", "longer"), ("refused", "to"), ("declined", "to"),
    ("failed", "to"), ("without",), ("cancelled",), ("canceled",), ("called", "off"),
)
#: Modals right after a trigger that make it not (yet) real: "the accord could be finalized", "a U.S.
#: withdraw would be detrimental".
AFTER_MODALS = frozenset("could would may might".split())
#: Cues that a nominal event or a present-tense form is going on at the document creation time.
PRESENT_CUES = (("is",), ("are",), ("currently",), ("now",), ("this", "week"), ("continue", "to"),
                ("continues", "to"))
#: How many words (punctuation not counted) before the trigger the attribute cues may be; the window
#: also stops at a clause boundary (, ; : ( and quotes).
CUE_WINDOW = 8
#: How many words before the trigger a negation may be.
NEGATION_WINDOW = 3
#: Statement forms that are triggers only with a speaker right before them ("he added", "Putin
#: confirmed"), since they have other senses ("value added", "confirmed cases").
WEAK_STATEMENT_FORMS = frozenset("""added noted confirmed highlighted stressed expressed proposed rejected
    promised praised claimed denied emphasized emphasised insisted reaffirmed stresses reaffirms insists
    denies claims promises committed shared suggested greeted share argued explained affirmed asserted
    reiterated""".split()) | frozenset(_WEAK_GENERATED)
#: Nouns that often premodify an agreement noun and say what it is about ("trade deals", "arms deal").
TOPIC_PREMODIFIERS = frozenset("""trade arms energy oil gas nuclear defense defence investment military
    security peace visa debt fishing tax supply cooperation transit border climate weapons missile
    missiles space aviation railway shipping grain water""".split())
#: Verbs that govern a same-type nominal trigger as their object ("signed 8 agreements", "paid a
#: visit" has no verb trigger): the noun is then not a second event.
OBJECT_WINDOW = 6

#: Words that can be the speaker of a weak Statement form right before it: pronouns ("he added",
#: "who suggested") and role nouns that name people by what they do ("critics", "officials").
SPEAKER_PRONOUNS = frozenset("he she they we i who".split())
SPEAKER_NOUNS = frozenset("""critic critics official officials spokesman spokeswoman spokesperson minister
    ministers president leader leaders lawmaker lawmakers senator senators legislator legislators diplomat
    diplomats analyst analysts expert experts activist activists opponents supporters aides adviser advisers
    advisor advisors prosecutors investigators authorities government administration ministry campaign
    party""".split())
#: How many words back a coordinated verb ("... and suggested") looks for the subject it shares.
COORDINATION_WINDOW = 25

#: Event type -> its one-word trigger forms (compound heads: "ceasefire agreement" -> *agreement*).
ENTRIES_BY_TYPE_WORDS: dict[str, frozenset[str]] = {
    t: frozenset(e.words[0] for e in ENTRIES if e.type == t and len(e.words) == 1 and e.noun)
    for t in (VISIT, LOAN, AGREEMENT, STATEMENT)}
