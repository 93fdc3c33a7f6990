"""Suggestions from a trained eventgold model (``annotate train``), united with the rules' ones.

:func:`combine` takes the rules' suggestion document and adds the model's events: every trigger the
model scores at or above ``threshold`` that no rule trigger overlaps becomes an event, its roles chosen
by the role classifier among the entity and value mentions the rules found in its sentence (a required
role goes to its most likely candidate; an event whose required roles cannot be filled is left out,
so the document still validates). Each event's ``notes`` says where it comes from and how sure the
model is: ``source: rules``, ``source: rules+model; score 0.93`` (the model found it too) or
``source: model; score 0.71``. Model events start as actual / positive / past (the rules' attribute
cues are not applied to them).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from schema import EVENT_TYPES, Argument, Attributes, Document, Mention, MoneyValue, Span, TimeValue, make_span

from .pairs import CANDIDATE_TYPES, NO_ROLE, pair_text

#: Model triggers scored below this are not shown (``--threshold``).
DEFAULT_THRESHOLD = 0.5
#: The file that marks a folder as an eventgold model (written by ``annotate train``).
MODEL_FILE = "eventgold-model.json"


def is_model_dir(path: str | Path) -> bool:
    """True when ``path`` is a folder written by ``annotate train``."""
    return (Path(path) / MODEL_FILE).is_file()


@dataclass(frozen=True)
class EventModel:
    triggers: object  # spaCy Language with a spancat
    roles: object  # spaCy Language with a textcat


def load_model(path: str) -> EventModel:
    """The two pipelines of a model folder (cached per path and version: a folder replaced by a newer
    ``annotate train`` run, as ``session --watch`` does, is loaded again)."""
    folder = Path(path)
    for attempt in range(3):  # replaced while being read (a swap mid-load): read the new one
        stamp = _stamp(folder)
        try:
            model = _load(str(folder), stamp)
        except (OSError, ValueError):
            if attempt == 2 or _stamp(folder) == stamp:
                raise
            continue
        if _stamp(folder) == stamp:
            return model
    return model


def _stamp(folder: Path):
    try:
        stat = (folder / MODEL_FILE).stat()
        return stat.st_ino, stat.st_mtime_ns
    except OSError:
        return None


@lru_cache(maxsize=2)
def _load(path: str, stamp) -> EventModel:
    import spacy

    folder = Path(path)
    return EventModel(spacy.load(folder / "triggers"), spacy.load(folder / "roles"))


def check_model(model: str | Path) -> None:
    """Raise :class:`~annotate.errors.UsageError` (one line) unless ``model`` is a folder written by
    ``annotate train`` or an installed spaCy pipeline (a pipeline folder, or a package name): what
    ``suggest --model`` and ``session --model`` accept. Cheap: nothing is loaded."""
    from importlib.util import find_spec

    from ..errors import UsageError

    path = Path(model)
    if is_model_dir(path):
        return
    if path.is_dir():
        if (path / "config.cfg").is_file() and (path / "meta.json").is_file():
            return  # a trained spaCy pipeline folder (its NER supplies names)
        raise UsageError(f"{model}: not a model folder from 'annotate train' (no {MODEL_FILE}) nor a spaCy "
                         "pipeline folder; train one with 'annotate train --out DIR'")
    if path.exists() or "/" in str(model) or "\\" in str(model):
        raise UsageError(f"{model}: no such model folder; train one with 'annotate train --out DIR'")
    try:
        found = find_spec(str(model)) is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        raise UsageError(f"spaCy pipeline {str(model)!r} is not installed here, and no model folder has that "
                         f"name; install it first (e.g. python -m spacy download {model}) or train a model with "
                         "'annotate train --out DIR'")


def source_of(event) -> tuple[str, float | None] | None:
    """``("model", 0.71)`` from an event's ``notes`` (``source: model; score 0.71``), None without one."""
    notes = getattr(event, "notes", None) or ""
    if not notes.startswith("source: "):
        return None
    head, _, tail = notes[len("source: "):].partition(";")
    score = None
    if tail.strip().startswith("score "):
        try:
            score = float(tail.strip()[len("score "):])
        except ValueError:
            score = None
    return head.strip(), score


def predict_triggers(model: EventModel, text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int, str, float]]:
    """(start, end, type, score) of the model's trigger spans, sentence by sentence."""
    out = []
    docs = model.triggers.pipe(text[s:e] for s, e in sentences)
    for (offset, _end), doc in zip(sentences, docs):
        group = doc.spans.get("sc")
        if group is None:
            continue
        scores = group.attrs.get("scores")
        for index, span in enumerate(group):
            score = float(scores[index].max()) if scores is not None else 1.0
            out.append((offset + span.start_char, offset + span.end_char, span.label_, score))
    out.sort(key=lambda t: (-t[3], t[0]))
    kept: list[tuple[int, int, str, float]] = []
    for item in out:  # overlapping spans: the best scored one
        if not any(item[0] < other[1] and other[0] < item[1] for other in kept):
            kept.append(item)
    return sorted(kept)


def role_scores(model: EventModel, text: str, sentence: tuple[int, int], event_type: str,
                trigger: tuple[int, int], candidates: list) -> list[dict[str, float]]:
    """For each candidate (``.start``, ``.end``, ``.type``), the probability of each role and NONE."""
    texts = [pair_text(text, sentence, event_type, trigger, (c.start, c.end), c.type) for c in candidates]
    return [dict(doc.cats) for doc in model.roles.pipe(texts)]


def combine(result: Document, candidates: list, model_dir: str | Path, *,
            threshold: float = DEFAULT_THRESHOLD) -> Document:
    """``result`` (the rules' suggestions) with the model's events added and every event's source noted."""
    from ..nlp import analyze

    model = load_model(str(Path(model_dir).resolve()))
    text = result.text
    sentences = [(s.start, s.end) for s in analyze(text).sentences]
    predicted = predict_triggers(model, text, sentences)
    events = list(result.events)
    mentions = list(result.mentions)
    for index, event in enumerate(events):
        same = [p for p in predicted if p[0] == event.trigger.start and p[1] == event.trigger.end and p[2] == event.type]
        note = f"source: rules+model; score {same[0][3]:.2f}" if same else "source: rules"
        events[index] = event.model_copy(update={"notes": note})
    taken = [(e.trigger.start, e.trigger.end) for e in events]
    by_span = {(m.start, m.end, m.type.value): m.id for m in mentions}
    for start, end, event_type, score in predicted:
        if score < threshold or event_type not in EVENT_TYPES or any(start < b and a < end for a, b in taken):
            continue
        sentence = next(((s, e) for s, e in sentences if s <= start < e), None)
        if sentence is None:
            continue
        pool = [c for c in candidates if c.type in CANDIDATE_TYPES and sentence[0] <= c.start and c.end <= sentence[1]
                and not (c.start < end and start < c.end)]
        chosen = _choose_roles(EVENT_TYPES[event_type], pool,
                               role_scores(model, text, sentence, event_type, (start, end), pool) if pool else [])
        if chosen is None:
            continue
        arguments = []
        for role, cand in chosen:
            key = (cand.start, cand.end, cand.type)
            if key not in by_span:
                by_span[key] = f"SM{len(mentions) + 1}"
                mentions.append(Mention(
                    id=by_span[key], type=cand.type, **make_span(text, cand.start, cand.end),
                    time=cand.value if isinstance(cand.value, TimeValue) else None,
                    money=cand.value if isinstance(cand.value, MoneyValue) else None))
            arguments.append(Argument(role=role, mention=by_span[key]))
        events.append(EVENT_TYPES[event_type](
            id=f"SE{len(events) + 1}", trigger=Span(**make_span(text, start, end)), arguments=arguments,
            attributes=Attributes.default(), notes=f"source: model; score {score:.2f}"))
        taken.append((start, end))
    events.sort(key=lambda e: (e.trigger.start, e.trigger.end))
    return result.model_copy(update={"events": events, "mentions": sorted(mentions, key=lambda m: (m.start, m.end))})


def _choose_roles(cls, pool: list, scores: list[dict[str, float]]) -> list[tuple[str, object]] | None:
    """Roles for the candidates: each takes its most likely role that admits its type (not NONE); a
    role over its maximum keeps its best candidates; a required role left empty takes its most likely
    admissible candidate. None when a required role cannot be filled."""
    chosen: dict[str, list[tuple[float, int]]] = {}
    for index, (cand, probs) in enumerate(zip(pool, scores)):
        ranked = sorted(probs.items(), key=lambda item: -item[1])
        for role_name, prob in ranked:
            if role_name == NO_ROLE:
                break
            role = cls.role(role_name)
            if role is not None and cand.type in {t.value for t in role.fillers}:
                chosen.setdefault(role_name, []).append((prob, index))
                break
    out: list[tuple[str, object]] = []
    used: set[int] = set()
    for role in cls.ROLES:
        picks = sorted(chosen.get(role.name, []), reverse=True)
        if role.max is not None:
            picks = picks[:role.max]
        if not picks and role.required:
            admissible = [(probs.get(role.name, 0.0), i) for i, (cand, probs) in enumerate(zip(pool, scores))
                          if cand.type in {t.value for t in role.fillers} and i not in used]
            if not admissible:
                return None
            picks = [max(admissible)]
        for _prob, index in picks:
            used.add(index)
            out.append((role.name, pool[index]))
    return out
