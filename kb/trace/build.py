"""The trace: every ambition of a plan against every later report year.

Each cell (ambition × year) holds the progress paragraphs that say what became of the
ambition that year and a status:
- from the links an auditor confirmed or added, when there are any;
- else from the leerdossiers that name the ambition (kb.trace.evidence) together with the
  best proposed paragraph above the threshold (one status by the rule of
  kb.trace.status.combine), or from that paragraph alone;
- for an ambition that writes its own norm ("ten minste 80 procent"), from the figure a strong
  or confirmed paragraph gives for it (kb.trace.own_norm); so too a change it asks of a count
  ("daalt ieder jaar met ten minste 5%"), against the base year's level;
- for a KPI norm with a figure that year, from the scorecard (gehaald → gerealiseerd);
- "onbekend" for an ambition that sets a term for each case ("binnen vijf werkdagen") where the
  paragraph tells only that the work goes on, not how fast (kb.trace.own_norm.term);
- "geen informatie" when nothing qualifies: that gap is an answer too.
An auditor's status for the cell (kb.store.status_decisions) stands above all of these;
the proposal stays beside it (`Cell.proposal`).

A new annual report in documents/ is a new year column after the next ingest: the years
come from the catalog, not from code. Built from one snapshot's catalog, its lexicon and the
decisions (kb.library.Snapshot.trace); the Linker, the costly part, depends only on the
catalog and the lexicon, so a new decision reuses it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kb.lang.lexicon import Lexicon
from kb.model import LEERDOSSIER
from kb.store.decisions import ADD, CONFIRM, REJECT, Decision
from kb.store.kpi_decisions import KpiDecision
from kb.store.status_decisions import StatusDecision
from kb.trace.kpi_links import by_kpi_name
from kb.trace.linking import Linker, cites, continues, is_outlook, item_number, own_number
from kb.trace import evidence, own_norm, structure
from kb.trace.structure import DONE, LATE, NOT_DONE, PARTLY, UNDER_WAY, UNKNOWN
from kb.trace.plans import key_of
from kb.trace.scope import Scope
from kb.trace.scorecard import MET, NO_FIGURE, NOT_MET, ON_THE_WAY, Scorecard, ScoreLine, norm_for
from kb.trace.status import Finding, StatusClassifier, combine
from kb.trace.view import NO_INFORMATION, OVERRIDDEN, PARAGRAPH, Cell, Progress, Row, Trace, strength
from kb.text import first_words, fold, named_years, shown_score

SHOWN_PER_CELL = 5
# "gerealiseerd" is the claim an auditor signs off: on a paragraph that is only possibly about the
# ambition, blind readers called it anything but done (0 of 10 over three sets), so it stays open
DONE_NEEDS_STRONG = ("de beste alinea meldt iets als gerealiseerd, maar gaat misschien over iets anders "
                     "(koppeling 'mogelijk', niet 'sterk'). Voor 'gerealiseerd' is een sterke alinea, een "
                     "bevestigde koppeling of een afgerond leerdossier over deze ambitie nodig; bevestig de "
                     "koppeling als de alinea erover gaat. Daarom: onbekend")
# nor is "niet gerealiseerd", the other claim that ends the matter: a possible paragraph that says
# something was cancelled is mostly about something else ("Evenementen ... mochten niet doorgaan"
# for an ambition on sharing information before events: blind readers said "lopend")
NOT_DONE_NEEDS_STRONG = ("de beste alinea meldt iets als niet gerealiseerd, maar gaat misschien over iets anders "
                         "(koppeling 'mogelijk', niet 'sterk'). Voor 'niet gerealiseerd' is een sterke alinea, een "
                         "bevestigde koppeling of een KPI-cijfer onder de norm nodig; bevestig de koppeling als de "
                         "alinea erover gaat. Daarom: onbekend")
NEEDS_STRONG = {DONE: DONE_NEEDS_STRONG, NOT_DONE: NOT_DONE_NEEDS_STRONG}
GOAL_PROGRESS_RULE = ("een doel wordt op voortgang beoordeeld: een alinea die erover kan gaan en niet zegt dat "
                      "iets af, te laat of geschrapt is, meldt voortgang: lopend")
# an ambition that sets a term for each case ("binnen vijf werkdagen een risicotaxatie") is judged
# on the term: a paragraph that tells the work goes on ("Na inbraken zijn omwonenden benaderd")
# without a word on how fast leaves it open. Blind readers of five sets called seven such cells
# "onbekend" where the trace said "lopend", and none "lopend" (the rule changed no other cell);
# a term in a goal for a later year it names is the way there (kb.trace.structure.before_horizon)
TERM_RULE = ("de ambitie stelt een termijn ('{term}'), en de alinea over {year} zegt niet hoe snel het ging "
             "(geen duur of termijn): of de termijn gehaald wordt, staat er niet: onbekend")
NORM_NO_FIGURE_RULE = ("de ambitie vraagt een aantal ('{says}'), en de alinea over {year} geeft er geen cijfer van "
                       "(en zegt ook niet dat iets af, te laat of geschrapt is): of het gehaald is, staat er niet: onbekend")
NO_FIGURE_RULE = ("een KPI-norm telt op haar cijfer, en het verslag over {year} geeft er geen (de alinea erover "
                  "zegt ook niet dat iets af, te laat of geschrapt is): onbekend")
# a possible paragraph that stands far above every other paragraph of its year is the report's
# one place on the ambition, worded otherwise than the plan ("In 2024 stonden 14 inwoners in de
# persoonsgerichte aanpak" for "We zetten de PGA voort"): without a cue word it is read as a
# strong one (stands_out). At twice the next paragraph's score, eight cells of five open sets
# came right and none went wrong; at 1.5 a "geen informatie" and a "niet gerealiseerd" became
# lopend and done, at 2.5 and 3 fewer came right. It must be no better report on another
# ambition of the plan (in a short report the one paragraph that shares a word stands out too).
# A cue word ("afgerond", "geschrapt") on it still asks for a strong paragraph (NEEDS_STRONG):
# with the margin alone, four Rotterdam cells that were "onbekend" became "gerealiseerd", and no
# blind reader had called any of them done
CLEAR_MARGIN = 2.0
CLEAR_RULE = ("de alinea is een mogelijke koppeling ({score}), maar staat ver boven de andere van {year} "
              "({others}), en geen andere ambitie van het plan scoort hoger op haar: zij is het verslag over deze "
              "ambitie en telt als sterk")
# two or three paragraphs may be about the ambition, none strongly: one tells something done
# ("De training ... is afgerond"), another does not (no cue word, or "staan gepland voor 2021").
# The best alone leaves the cell "onbekend": a possible paragraph that calls something done asks
# for a strong one (NEEDS_STRONG), and one without a cue word proves nothing; the rule acts only
# then, so one that says "lopend" can only be the second or third. Together they point to a part
# done. Blind readers of the open sets called five of six such cells "deels gerealiseerd" (and
# one "onbekend"); a possible paragraph that calls something done alone they called done,
# partly, unknown or nothing
MIXED_TOP = 3
MIXED_RULE = ('een alinea die over de ambitie kan gaan meldt iets als gerealiseerd ("{done}"), een andere '
              '("{other_text}") {other}; samen wijst dat op een deel dat af is: deels gerealiseerd')
MIXED_OTHER = {UNKNOWN: "meldt het niet als af (geen signaalwoord)"}  # else: "meldt het als <status>"


def done_then_not(finding: Finding, text: str) -> bool:
    """The paragraph tells of something done, and after it, negated, of the rest not done:
    "Deze coördinator is sinds februari op werkdagen bereikbaar ... Voor de nacht en het
    weekend is nog geen oplossing gevonden". A negation before what was done is mostly no
    rest of it ("... afgesloten omdat het doel was bereikt (geen nieuwe incidenten). Er zijn
    vier nieuwe personen ingestroomd")."""
    if not (finding.told_done and finding.told_not_done):
        return False
    done, not_done = text.find(finding.told_done), text.find(finding.told_not_done)
    return 0 <= done < not_done


def told_rule(finding: Finding, deed: bool) -> str:
    """Why a cell is done, or partly, without a cue word: the sentences that tell it (a deed
    told done; a part of the whole counted; something told done and the rest not)."""
    if deed and finding.told_done:
        said = f'een daad (eenmalig of elk jaar), en de alinea vertelt dat ze gebeurd is: "{finding.told_done}"'
        part = finding.partial or finding.told_not_done
        return f'{said}; maar een deel: "{part}": deels gerealiseerd' if part else f"{said}: gerealiseerd"
    if finding.partial:
        return f'de alinea telt een deel van het geheel: "{finding.partial}": deels gerealiseerd'
    return (f'de alinea vertelt dat iets gebeurd is: "{finding.told_done}", en daarna, ontkend, dat de rest '
            f'niet gebeurd is: "{finding.told_not_done}": deels gerealiseerd')


def done_beside_not(found: list[Progress]) -> str | None:
    """MIXED_RULE, when among the first MIXED_TOP paragraphs above the threshold (outlooks
    apart) one tells something done in a cue word and another that may be about the
    ambition does not: the rule that says so, else None."""
    top = [p for p in found[:MIXED_TOP] if p.score is not None and not is_outlook(p.section)]
    done = next((p for p in top if p.finding.status == DONE), None)
    other = next((p for p in top if p.finding.status != DONE), None)
    if done is None or other is None:
        return None
    said = done.finding.sentence or ", ".join(done.finding.evidence)
    return MIXED_RULE.format(done=said, other_text=first_words(other.section.get("text", ""), 8),
                             other=MIXED_OTHER.get(other.finding.status, f"meldt het als {other.finding.status}"))


def clear_rule(score: float, year: int, runner_up: float) -> str:
    """Why a possible paragraph counted as strong (CLEAR_RULE; `runner_up`: stands_out's answer)."""
    others = (f"de volgende: {shown_score(runner_up)}, minder dan de helft" if runner_up > 0
              else "geen andere alinea deelt er woorden mee")
    return CLEAR_RULE.format(score=shown_score(score), year=year, others=others)


def stands_out(best: Progress | None, scores: list[float], claim: float) -> float | None:
    """The next paragraph's score when `best`, a possible paragraph without a cue word, scores
    at least CLEAR_MARGIN times every other paragraph of its year (`scores`: all ranked, under
    the threshold too) and no other ambition of the plan scores higher on it (`claim`: its best
    score for any), else None. In a short report the one paragraph that shares a word stands
    out too: it is this ambition's only when it is no better report on another one."""
    if best is None or best.score is None or strength(best.score) != "mogelijk" or best.finding.status != UNKNOWN \
            or best.score < claim - 1e-9:
        return None
    others = sorted(scores, reverse=True)[1:2] or [0.0]
    return others[0] if best.score >= CLEAR_MARGIN * others[0] else None


def proposed_status(named: list[Progress], best: Progress | None, deed: bool = False, goal: bool = False,
                    strong: bool | None = None) -> str:
    """A cell's status when no auditor decided: the rule per status, in order.

    - leerdossiers that name the ambition (kb.trace.evidence) give theirs, combined with the
      best paragraph's as below (kb.trace.status.combine);
    - no paragraph above the link threshold: "geen informatie". Those below it are shown on
      the ambition page as candidates, but a paragraph that shares a few words is no report
      on the ambition, and a cue word in it must not make a status (blind readings called
      most of these "geen informatie");
    - the best paragraph's own status from its sentences about the ambition (cue words,
      negation, tense, earlier years: kb.trace.status), when it has one;
    - no cue, but a strong paragraph ("sterk": kb.trace.view.strength, or a possible one that
      `stands_out`, passed as `strong`): "lopend". A report
      that clearly writes about the ambition in its year without saying it is done, late or
      dropped reports work under way; "deels gerealiseerd" when a sentence that counts counts a
      part of the whole ("Drie van de vier scholen werken met het programma":
      kb.lang.tense.part_of_whole); else, when the ambition is a `deed`, done once or every
      year ("We sluiten een convenant", "We oefenen twee keer per jaar": kb.trace.status
      StatusClassifier.is_deed) and a sentence that counts (from the first about it on:
      kb.trace.status) tells that it happened ("Op 12 juni
      is het convenant ondertekend", "Het crisisteam oefende in maart": kb.lang.tense):
      "gerealiseerd", or "deels gerealiseerd" when a sentence counts only a part of the whole
      ("Van de negen parken zijn er zeven gecontroleerd": kb.lang.tense.part_of_whole) or
      another tells, negated, of a part not done ("Voor Langeloo is nog geen ruimte
      gevonden"); for any ambition, something told done and after it, negated, the rest
      not ("... is sinds februari op werkdagen bereikbaar. Voor de nacht is nog geen
      oplossing gevonden": done_then_not) is "deels gerealiseerd" too (the
      same with a late or not-done cue beside it as "deels" lost a right status on one set
      and gained none on another);
    - no cue and a possible paragraph ("mogelijk"): "onbekend", its evidence shown; but for a
      `goal` (kind "doel"), judged on progress, "lopend": a paragraph that may be about it and
      tells what was done towards it is progress (blind readers called all six such cells
      of four sets "lopend"; of the items only 8 of 26).
    build_trace then reads the result against the goal's horizon (kb.trace.structure) and
    asks more of "gerealiseerd" and "niet gerealiseerd": a possible paragraph that calls
    something done, or not done, makes the cell "onbekend" (NEEDS_STRONG), its evidence shown.
    """
    said = None
    if best is not None:  # above the threshold: "mogelijk" or better
        said = best.finding.status
        if strong is None:
            strong = strength(best.score) == "sterk"
        if said == UNKNOWN and goal and not strong:
            said = "lopend"
        elif said == UNKNOWN and strong:
            told = best.finding
            if told.partial:  # "Drie van de vier scholen werken met het programma"
                said = PARTLY
            else:
                said = PARTLY if done_then_not(told, best.section.get("text", "")) else \
                    "lopend" if not (deed and told.told_done) else PARTLY if told.told_not_done else DONE
    if named:
        return combine([p.finding.status for p in named] + ([said] if said else []))
    return said or NO_INFORMATION


@dataclass
class TraceInputs:
    """What a trace is built from: one catalog's rows and the decisions as they stand."""

    documents: list[dict]
    sections: dict[str, dict]
    ambitions: list[dict]
    norms: list[dict]
    values: list[dict]
    decisions: dict[tuple[str, str], Decision] = field(default_factory=dict)
    notes: dict[str, list[Decision]] = field(default_factory=dict)
    kpi_decisions: dict[tuple[str, int], KpiDecision] = field(default_factory=dict)  # (norm, year) -> standing one
    statuses: dict[tuple[str, int], StatusDecision] = field(default_factory=dict)  # (ambition, year) -> status set by an auditor


VERDICT_SHARE = 0.8  # a status row counts beside the best paragraph from this share of its score on


def _verdict_beside(found: list[Progress], status: StatusClassifier) -> Progress | None:
    """A row of the report's status table ("Campagne Zandhoven kijkt mee | Status: Afgerond",
    "Voorlichting VO-scholen | Stand van zaken: 2 van 3 scholen") among the next two paragraphs,
    scoring at least VERDICT_SHARE of the best, when the best says nothing in cue words and
    the row gives a verdict (done, partly, late, not done; not "Op koers", which says no more
    than prose under way): the report's own verdict on the action leads the cell."""
    if len(found) < 2 or found[0].finding.status != UNKNOWN or found[0].score is None:
        return None
    for p in found[1:3]:
        if p.score is None or p.score < VERDICT_SHARE * found[0].score:
            continue
        said = status.state_cell(p.section, p.year)
        if said is not None and said.status in (DONE, PARTLY, LATE, NOT_DONE):
            return p
    return None


def make_linker(inputs: TraceInputs, lexicon: Lexicon) -> Linker:
    """Every report paragraph analysed once: the costly part, the same for any decisions."""
    return Linker(lexicon, inputs.documents, list(inputs.sections.values()))


COMPOUND_WINDOW = 4  # words: the parts of a compound stand this close ("deskundigheid te bevorderen")


def _about(reader, ambition_terms: set[str], text: str, number: str | None = None):
    """Whether a sentence concerns the ambition: it shares a word or a name with it
    (function words never count: kb.trace.linking.TermReader; nor the last part of a compound:
    "maatregelen" is not what "coronamaatregelen" is about, but its first part is: a
    "slachtofferportaal" is about slachtoffers, an "executietaak" about executie:
    TermReader.modifiers), or it has every part of one of
    the ambition's compounds as words of its own within COMPOUND_WINDOW words ("hun
    deskundigheid te bevorderen" is deskundigheidsbevordering; "We werken onder grote druk"
    is no werkdruk). Two shared words were tried and lost more right statuses than they saved
    (both gold sets). A sentence that cites the ambition's own `number` ("2.3 — gehaald":
    kb.trace.linking.cites) is about it whatever its words. So is a compound of the sentence made
    of the ambition's own words, standing together there ("Eenheidscybercrimebeeld" for "Eenheid
    Cybercrime Beeld"). `text`: the ambition's."""
    compounds = reader.compounds(text)
    ambition_mains = reader.mains(text)
    own = set(ambition_mains)
    def about(sentence: str) -> bool:
        if number and cites(sentence, number):
            return True
        words = reader.content_terms(sentence)
        if not ambition_terms.isdisjoint(words):
            return True
        if not ambition_terms.isdisjoint(reader.modifiers(sentence)):
            return True  # what a compound of the sentence is about: "slachtofferportaal" for "slachtoffers"
        if any(len(parts) > 1 and parts <= own and _close(ambition_mains, parts) for parts in reader.compounds(sentence)):
            return True  # the ambition's words written as one: "Eenheid Cybercrime Beeld", "Eenheidscybercrimebeeld"
        candidates = [parts for parts in compounds if parts <= words]
        if not candidates:
            return False
        return any(_close(reader.mains(sentence), parts) for parts in candidates)
    return about


def _close(mains: tuple[str | None, ...], parts: frozenset[str]) -> bool:
    """Every part among any COMPOUND_WINDOW consecutive words."""
    return any(parts <= set(mains[i:i + COMPOUND_WINDOW]) for i in range(max(1, len(mains) - COMPOUND_WINDOW + 1)))


def build_trace(inputs: TraceInputs, linker: Linker, status: StatusClassifier) -> Trace:
    docs = {d["id"]: d for d in inputs.documents}
    reader = linker.reader
    card = Scorecard(reader)
    norms = {n["id"]: n for n in inputs.norms}
    values_by_section: dict[str, list[dict]] = defaultdict(list)
    values_by_document: dict[str, list[dict]] = defaultdict(list)
    for v in inputs.values:
        values_by_section[v["section_id"]].append(v)
        values_by_document[v["document_id"]].append(v)
    scope = Scope(inputs.documents)
    reports_of = {plan: scope.reports_of(plan) for plan in scope.reports}  # ranked paragraph by paragraph
    keys_of: dict[str, set[str]] = defaultdict(set)
    for a in inputs.ambitions:
        keys_of[a["document_id"]].add(key_of(a))
    leerdossiers_of = {plan: sorted(r for r in scope.leerdossiers_of(plan) if scope.year.get(r) is not None
                                    and set(docs[r].get("serves") or ()) & keys_of[plan])
                       for plan in scope.reports}  # evidence as a whole, for the ambitions of this plan they name
    # a plan's columns: the years of its reports, and of the leerdossiers that name one of its ambitions
    plan_years = {plan: scope.years_of(plan, reports_of[plan] | set(leerdossiers_of[plan])) for plan in scope.reports}
    opened_at = evidence.first_sections(inputs.sections.values(), {r for rs in leerdossiers_of.values() for r in rs})
    examples = {d["id"] for d in inputs.documents if d.get("kind") == LEERDOSSIER and d.get("example")}
    years = sorted({y for ys in plan_years.values() for y in ys})
    decided: dict[str, dict[str, Decision]] = defaultdict(dict)
    for (aid, sid), d in inputs.decisions.items():
        decided[aid][sid] = d

    rows: list[Row] = []
    scorecard: list[ScoreLine] = []
    horizons = {a["id"]: structure.horizon(a, docs.get(a["document_id"]), status.recurring(a["text"]))
                for a in inputs.ambitions}
    context_of = structure.context(inputs.ambitions)
    ranked_of = {amb["id"]: linker.rank_scoped(amb, reports_of.get(amb["document_id"], set()), context=context_of(amb))
                 for amb in inputs.ambitions}
    ranked_of = by_kpi_name(ranked_of, inputs.ambitions, norms, card, linker, docs,
                            {plan: [v for r in reports for v in values_by_document.get(r, [])]
                             for plan, reports in reports_of.items()})
    claimed: dict[tuple[str, str], float] = defaultdict(float)  # (plan, paragraph) -> its best score for any ambition
    for amb in inputs.ambitions:
        for links in ranked_of[amb["id"]][0].values():
            for lk in links:
                key = (amb["document_id"], lk.section_id)
                # what its words scored, a held link too: the guard of stands_out
                claimed[key] = max(claimed[key], lk.words_score)
    for amb in inputs.ambitions:
        plan = amb["document_id"]
        ranked_by_year, elsewhere = ranked_of[amb["id"]]
        ranked = sorted((lk for links in ranked_by_year.values() for lk in links), key=lambda lk: (-lk.score, lk.section_id))
        terms = {t for t, q in reader.terms(amb["text"], expand=True).items() if q.via != "deel"}
        norm_in_text = own_norm.own_norm(amb["text"]) if amb.get("kind") != "kpi" else None
        term = own_norm.term(amb["text"])
        change_in_text = own_norm.change_norm(amb["text"]) if amb.get("kind") != "kpi" and norm_in_text is None else None
        number = own_number(amb["id"])
        about = _about(reader, terms, amb["text"], number)
        deed = amb.get("kind") not in ("doel", "kpi") and status.is_deed(amb["text"])
        goal = amb.get("kind") == "doel"  # judged on progress (proposed_status)
        progress: list[Progress] = []
        seen: set[str] = set()
        mine = decided.get(amb["id"], {})
        # the texts an auditor rejected for this ambition: the same text under another id (a
        # report read again as PDF, a paragraph moved) is never proposed again either
        rejected = {d.fingerprint for d in mine.values() if d.action == REJECT and d.fingerprint}
        rejected_sections = {sid for sid, d in mine.items() if d.action == REJECT}  # nor their figures

        def add(section: dict, score: float | None, shared: list[str], leerdossier: dict | None = None,
                held: str = "") -> None:
            doc = docs.get(section["document_id"], {})
            decision = mine.get(section["id"])
            if leerdossier is None:
                year = scope.year.get(doc.get("id"), doc.get("year"))
                # a list item that carries the ambition's number as its label is about it whole ("2.3 Gehaald")
                here = (lambda _sentence: True) if number and item_number(section) == number else about

                def read() -> tuple[Finding, list[str]]:
                    # a report table's state column says it in its own short words ("Besluit najaar 2025")
                    finding = status.state_cell(section, year)
                    if finding is None or not here(section["text"]):
                        finding = status.classify(section["text"], here, year, continues=continues(section["text"]))
                    return finding, [x.strip() for x in status.analyse(section["text"]).sentences if here(x)]
            else:  # a leerdossier that names the ambition: it says what it is, no cue words needed
                year = leerdossier["year"]
                named_by = Finding(evidence.status_of(doc, status.asks_for_leerdossiers(amb["text"])))

                def read() -> tuple[Finding, list[str]]:
                    return named_by, []
            progress.append(Progress(
                in_scope=scope.covers(plan, section["document_id"]),
                section=section, document=doc, year=year, score=score,
                shared_terms=shared, read=read, decision=decision,
                # a decision on a text that has changed since (and found nowhere else in its
                # report, kb.store.decisions.follow_text): a rejection too, which then no longer
                # keeps the new text out (Progress.counts)
                suspect=bool(decision and decision.action in (CONFIRM, ADD, REJECT) and (
                    (decision.fingerprint and decision.fingerprint != section.get("fingerprint"))
                    or decision.ambition_changed)),
                above_threshold=leerdossier is not None or score is not None and strength(score) != "zwak",
                rejected_text=decision is None and section.get("fingerprint") in rejected,
                kind=LEERDOSSIER if leerdossier is not None else PARAGRAPH,
                leerdossier=leerdossier, held=held,
            ))
            seen.add(section["id"])

        for lk in ranked + elsewhere:
            add(inputs.sections[lk.section_id], lk.score, lk.shared_terms, held=lk.held)
        key = key_of(amb)
        for ld in leerdossiers_of.get(plan, ()):
            section = opened_at.get(ld)
            if section is not None and section["id"] not in seen and key in (docs[ld].get("serves") or ()):
                add(section, None, [], evidence.summary(docs[ld], scope.year[ld], section["id"]))
        for sid, decision in mine.items():
            if sid not in seen and sid in inputs.sections and decision.action in (CONFIRM, ADD, REJECT) \
                    and inputs.sections[sid]["document_id"] not in examples:  # an example is never shown
                add(inputs.sections[sid], None, [])

        cells: dict[int, Cell] = {}
        for year in plan_years.get(plan, []):
            here = [p for p in progress if p.year == year and p.counts]
            confirmed = [p for p in here if p.linked]
            # undecided, or rejected on a text it no longer has (as undecided: Progress.counts)
            named = [p for p in here if p not in confirmed and p.kind == LEERDOSSIER]
            found = [p for p in here if p not in confirmed and p.kind != LEERDOSSIER]
            # a paragraph of the outlook ("Vooruitblik 2026") tells what comes next year, not what
            # became of the ambition in this one: it is shown, after the others, and proposes a
            # status only when no other paragraph passes the threshold
            found.sort(key=lambda p: is_outlook(p.section))
            verdict = _verdict_beside(found, status)
            if verdict is not None:  # the report's own verdict on the action leads
                found.remove(verdict)
                found.insert(0, verdict)
            # a leerdossier that names the ambition leads: its owner said so, a ranked paragraph is a guess
            shown = confirmed + (named + found)[: max(0, SHOWN_PER_CELL - len(confirmed))]
            runner_up = stands_out(found[0] if found else None, [lk.score for lk in ranked if lk.year == year],
                                   claimed.get((plan, found[0].section["id"]), 0.0) if found else 0.0)
            strong_paragraph = bool(found) and (strength(found[0].score) == "sterk" or runner_up is not None)
            if confirmed:
                cell = Cell(year, combine([p.finding.status for p in confirmed]), "bevestigd", shown)
            elif shown:
                cell = Cell(year, proposed_status(named, found[0] if found else None, deed, goal, strong_paragraph),
                            "voorstel", shown)
            else:
                cell = Cell(year, NO_INFORMATION, "", [])
            if cell.source == "voorstel" and not named and strong_paragraph and cell.status in (DONE, PARTLY) \
                    and found[0].finding.status == UNKNOWN:
                cell.rule = told_rule(found[0].finding, deed)  # no cue word: say which sentence made it so
            elif cell.source == "voorstel" and not named and found and found[0].finding.status == UNKNOWN \
                    and cell.status == UNDER_WAY and goal and not strong_paragraph:
                cell.rule = GOAL_PROGRESS_RULE
            strong = bool(confirmed or named) or strong_paragraph
            reached_by = horizons[amb["id"]]
            # a year the ambition names itself ("In 2026 ...") is still ahead: what falls short is the way there
            ahead = reached_by is not None and reached_by.named and year < reached_by.year
            figure = None
            # a figure comes from the confirmed paragraphs, else the strong ones, else the one that stands out
            strong_basis = confirmed or [p for p in found if strength(p.score) == "sterk"]
            basis = [s for p in strong_basis or found[:1] * strong_paragraph for s in p.sentences] \
                if norm_in_text is not None or change_in_text is not None else []
            if norm_in_text is not None:
                figure = own_norm.judge(norm_in_text, basis, year, status.future)
                if figure is not None and norm_in_text.bare and not figure.met and not confirmed and found \
                        and found[0].finding.status in (LATE, NOT_DONE, PARTLY):
                    # fewer than a bare number, and the report says why ("48 professionals getraind
                    # ... De trainingen voor welzijnsorganisaties zijn naar 2025 geschoven"): the
                    # words say more than the count; a bound word ("ten minste") makes the figure decide
                    figure = None
            if change_in_text is not None:  # a change it asks of a count: against the base level
                figure = own_norm.judge_change(change_in_text, basis, year, status.future)
                if figure is not None and not (figure.met or figure.towards) and not change_in_text.yearly and ahead:
                    figure = None  # the wrong way before the year it names: the words say more (late, or not)
            if figure is not None:  # the ambition's own norm against the report's figure decides
                cell.status, cell.rule, cell.by_norm = (DONE if figure.met else NOT_DONE), figure.rule(), True
                if not figure.met and ahead:
                    # short of a norm for a year it names is the way there; a standing norm is judged each year
                    cell.status = UNDER_WAY
                    cell.rule += f"; vóór {reached_by.year} is dat de weg erheen: lopend"
                elif figure.part_done():
                    # done fewer times than asked: three of at least four controls is a part (blind
                    # readers of four units called four of five such cells "deels"; a share short of
                    # its norm, "64 procent" of "ten minste 80", they call "niet gerealiseerd")
                    cell.status = PARTLY
                    cell.rule += f'; wel {figure.figure} gedaan, een deel: deels gerealiseerd'
            # only "nog niet" makes the best proposal late: before the horizon that is the way there
            not_yet = figure is None and cell.source == "voorstel" and not named and bool(found) \
                and {fold(e) for e in found[0].finding.evidence} == {structure.NOT_YET}
            # a goal before its horizon is "lopend" even on a weak "done" (the blind readers judge a
            # goal on progress: putting the rule below first lost a status on three sets); after
            # that, "gerealiseerd" rests on a strong paragraph or on a leerdossier that is itself done
            cell.status, rule = structure.before_horizon(cell.status, year, reached_by, strong, not_yet=not_yet)
            if not rule and figure is None:
                cell.status, rule = structure.past_horizon(cell.status, year, reached_by, new_term=bool(found) and any(
                    y > year for y in named_years(found[0].section["text"])))
            if rule:  # said after the figure's own rule, which stays: what the report gave against what norm
                cell.rule = f"{figure.rule()}; {rule}" if figure is not None else rule
            # a leerdossier that names the ambition and is itself done keeps "gerealiseerd" (one
            # never says "niet gerealiseerd"); the KPI figure below still decides, the own norm already did
            # not done but planned for a later year reads as late, and asks as much as not done
            postponed = cell.status == LATE and cell.source == "voorstel" and bool(found) and found[0].finding.postponed
            if (cell.status in NEEDS_STRONG or postponed) and cell.source == "voorstel" and not strong_paragraph \
                    and not cell.by_norm and not any(p.finding.status == cell.status for p in named):
                cell.status, cell.rule = UNKNOWN, NEEDS_STRONG[NOT_DONE if postponed else cell.status]
            norm = norms.get(amb["id"])
            # (an own number or change asked is judged on a strong paragraph's figure, which a
            # cell this rule reads has not: none of its paragraphs is strong)
            if cell.status == UNKNOWN and cell.source == "voorstel" and not named and norm is None \
                    and figure is None and cell.rule in ("", DONE_NEEDS_STRONG):
                mixed = done_beside_not(found)
                if mixed is not None:
                    cell.status, cell.rule = PARTLY, mixed
            if norm is not None:
                norm = norm_for(norm, year)  # a step on the way for an earlier year than the plan's last
                links = [(p.section["id"], 1.0 + (p.score or 0.0) if p.decision else p.score or 0.0)
                         for p in progress if p.year == year and p.in_scope and p.kind != LEERDOSSIER
                         and (p.decision is None or p.decision.action != REJECT)]
                links.sort(key=lambda x: -x[1])
                line = card.line(norm, year, values_by_section, links,
                                 [v for r in reports_of.get(plan, ()) if docs[r].get("year") == year
                                  for v in values_by_document.get(r, [])], rejected_sections)
                if line.found is None and line.verdict == NO_FIGURE:
                    # no table row or figure beside a norm: the figure a strong (or confirmed)
                    # paragraph on it writes in a sentence ("98 woninginbraken (2023: 104)")
                    prose = own_norm.kpi_figure(norm, [(p.section["id"], x) for p in strong_basis for x in p.sentences],
                                                year, status.future)
                    if prose is not None:
                        line = card.scored(norm, year, prose)
                line = card.decided(line, inputs.kpi_decisions.get((norm["id"], year)))
                scorecard.append(line)
                cell.kpi = line
                if line.verdict == NO_FIGURE and cell.source == "voorstel" and cell.status == UNDER_WAY and found \
                        and found[0].finding.status == UNKNOWN and not cell.rule:
                    # a norm is judged on its figure: a paragraph on it without one, and without a
                    # cue word, says nothing of it ("In 2024 is er geen nieuwe meting geweest")
                    cell.status, cell.rule = UNKNOWN, NO_FIGURE_RULE.format(year=year)
                if line.verdict in (MET, NOT_MET, ON_THE_WAY):  # the figure decides, whatever a rule read in the text
                    cell.status = {MET: DONE, NOT_MET: NOT_DONE, ON_THE_WAY: UNDER_WAY}[line.verdict]
                    cell.rule = (f"KPI-cijfer nog niet op de norm ({line.plan_norm}), maar de goede kant op: "
                                 f"vóór {norm.get('target_year')} is dat de weg erheen (lopend)"
                                 if line.verdict == ON_THE_WAY else "")
                    cell.source = cell.source if cell.source == "bevestigd" else "kpi"
            # a proposed "lopend" on the ambition's own measure (a number, a term) that the paragraph
            # gives no figure of, not before a year the ambition names
            open_measure = cell.source == "voorstel" and not named and bool(found) and figure is None and not ahead \
                and cell.status == UNDER_WAY
            if open_measure and norm_in_text is not None and found[0].finding.status == UNKNOWN and not cell.rule:
                # a number asked ("minimaal vijf informatierapporten per jaar") is judged on its figure, as a
                # KPI is: a paragraph on it without one and without a cue word does not say how far it got
                cell.status, cell.rule = UNKNOWN, NORM_NO_FIGURE_RULE.format(says=norm_in_text.says, year=year)
            elif open_measure and term and not own_norm.tells_how_fast(found[0].section["text"]):
                cell.status, cell.rule = UNKNOWN, TERM_RULE.format(term=term, year=year)
            if cell.source == "voorstel" and not named and runner_up is not None:  # say why it counted as strong
                cell.stands_out = True
                clear = clear_rule(found[0].score, year, runner_up)
                cell.rule = f"{clear}; {cell.rule}" if cell.rule else f"{clear}: {cell.status}"
            cells[year] = cell
        progress.sort(key=lambda p: (not p.in_scope, p.rejected_text or (p.decision is not None and p.decision.action == REJECT),
                                     p.decision is None, p.kind != LEERDOSSIER, -(p.score or 0.0), p.section["id"]))
        rows.append(Row(amb, cells, ranked, progress, inputs.notes.get(amb["id"], [])))
    structure.roll_up(rows, horizons, inputs.statuses)
    for row in rows:
        for year, cell in row.cells.items():
            cell.proposal = cell.status  # what the trace says, kept beside an auditor's status
            override = inputs.statuses.get((row.ambition["id"], year))
            if override is not None:  # an auditor's status stands instead of the proposal
                cell.status, cell.source, cell.override = override.status, OVERRIDDEN, override
    return Trace(years, rows, scorecard, {r.ambition["id"]: r for r in rows}, plan_years=plan_years)
