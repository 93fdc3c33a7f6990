"""The interactive annotation session: a line-based prompt loop over the sentences of a document.

Every question is a plain ``input()`` prompt (pexpect and screen readers can drive it); every confirmed
action goes through :meth:`Session.apply`, which saves the document durably and records it for undo
before the next prompt appears. Wrong input is answered with a short explanation and the same question.
Type ``?`` at the main prompt for the commands, ``!`` in any question to cancel it.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotate.edit import ops
from annotate.edit.history import restore, snapshot
from annotate.edit.store import AnnotationStore, SessionState
from annotate.edit.values import describe_value
from annotate.errors import DataError, EventgoldError, LockedError, StorageError, UsageError
from schema import ATTRIBUTES, EVENT_CLASSES, EVENT_TYPES, Document, EventBase, MentionType, Realis, Status

from .guidelines import guideline_section
from .questions import Questions
from .screen import Suggestion, event_lines, header_line, mention_lines, render_sentence, suggestion_line
from .terminal import Cancel, QuitSession, Terminal

__all__ = ["Cancel", "QuitSession", "Session", "Terminal", "guideline_section", "run_session"]

HELP = """\
Commands (a letter, then Enter):
  Enter, n   next sentence            p          previous sentence
  j N        jump to sentence N       t          number this sentence's tokens
  a [TYPE]   add an event             e ID       edit event EVn or mention Mn;
  y [sN]     accept a suggestion                 e sN: accept and edit sN
  x ID..     delete events EVn or unused mentions Mn; x sN: reject suggestions
  m          mark a mention           v MID      confirm/edit a TIME/MONEY value
  l ID ID..  link coreferent events (one hopper) or entity mentions (one entity)
  u          undo                     r          redo
  ls         list the document's events and mentions
  g [TYPE]   guidelines of an event type: definition, roles, manual section
  done       mark complete (refused while checks fail; done --force records it)
  draft      mark it draft again
  >, <       next / previous document            q      quit (all is saved)
In any question: ! cancels it (nothing is saved), ? explains it.
Typed text is looked up in the sentence first, then in the document (whole
words first); TEXT@N is the N-th whole-word occurrence in the document
("Cuba@2" skips "Cuban"); tokens are 5-6 (trigger) or t5-6 (role fillers);
"2018" in quotes is text, not a number."""



@dataclass
class _Open:
    """The document being annotated and everything derived from it."""

    doc: Document
    side: SessionState
    analysis: object
    suggestions: list[Suggestion] = field(default_factory=list)
    pending: tuple | None = None  # (thread, outcome) while suggestions are being computed
    lock: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)


class Session(Questions):
    """One annotator's session over some documents of a corpus."""

    def __init__(self, store: AnnotationStore, doc_ids: Sequence[str], *, terminal: Terminal,
                 suggest: bool = True, model: str | None = None, threshold: float | None = None,
                 trainer=None, guideline_dirs: Sequence[Path] = ()) -> None:
        if not doc_ids:
            raise UsageError(f"no documents in {store.corpus.root} (add articles with annotate import text)")
        self.store = store
        self.doc_ids = list(doc_ids)
        self.term = terminal
        self.suggest = suggest
        self.model = model
        self.threshold = threshold
        self.trainer = trainer  # annotate.train.background.BackgroundTrainer with --watch
        self.model_created: str | None = None  # the watched model in use for this document (its "created")
        self.guideline_dirs = list(guideline_dirs)
        self.index = 0
        self.current: _Open | None = None
        self.touched = False  # any command other than help and quit

    # -- documents ------------------------------------------------------------------------------
    @property
    def doc(self) -> Document:
        assert self.current is not None
        return self.current.doc

    @property
    def side(self) -> SessionState:
        assert self.current is not None
        return self.current.side

    def open(self, index: int) -> None:
        """Lock and load document ``index`` (releasing the previous one)."""
        doc_id = self.doc_ids[index]
        stack = contextlib.ExitStack()
        stack.enter_context(self.store.lock(doc_id))
        try:
            doc, side = self.store.open_session(doc_id)
            from .analysis_cache import cached_analysis

            others = [AnnotationStore(self.store.corpus, name).analysis_path(doc_id)
                      for name in self.store.corpus.annotators() if name != self.store.annotator]
            analysis = cached_analysis(doc.text, self.store.analysis_path(doc_id), also=others)
        except BaseException:
            stack.close()
            raise
        self.close()
        self.index = index
        self.current = _Open(doc, side, analysis, lock=stack)
        side.sentence = min(max(side.sentence, 0), max(len(analysis.sentences) - 1, 0))
        self.store.write_side(doc_id, side)  # records the reconciliation, if any, at once
        self._remember_last(doc_id)
        if self.trainer is not None:  # a newer model is taken when a document opens, never under the cursor
            self.model = self.trainer.model()
            meta = self.trainer.meta() if self.model else None
            self.model_created = meta.get("created") if meta else None
        self._load_suggestions()

    def close(self) -> None:
        if self.current is not None:
            self.current.lock.close()
            self.current = None

    def _remember_last(self, doc_id: str) -> None:
        from annotate.jsonl import atomic_write_bytes

        path = self.store.corpus.annotator_dir(self.store.annotator) / ".last-session.json"
        with contextlib.suppress(EventgoldError):
            atomic_write_bytes(path, json.dumps({"doc": doc_id}).encode())

    def _load_suggestions(self) -> None:
        """Compute the suggestions in a thread: the first screen does not wait for them (the annotator
        reads it while they are computed); the next command that needs them waits if they are not ready."""
        import threading

        current = self.current
        assert current is not None
        current.suggestions = []
        current.pending = None
        if not self.suggest:
            return
        from annotate.suggest import suggest

        empty = self.doc.model_copy(update={"mentions": [], "events": []})
        outcome: dict[str, object] = {}
        model, threshold = self.model, self.threshold

        def compute() -> None:
            try:
                outcome["doc"] = suggest(empty, model=model, threshold=threshold)
            except BaseException as exc:  # reported by _collect_suggestions in the main thread
                outcome["error"] = exc

        thread = threading.Thread(target=compute, name="eventgold-suggest", daemon=True)
        current.pending = (thread, outcome)
        thread.start()

    def _collect_suggestions(self, *, wait: bool = True) -> bool:
        """Take the suggestions computed in the background; False when not ready and ``wait`` is False."""
        current = self.current
        if current is None or current.pending is None:
            return True
        thread, outcome = current.pending
        if thread.is_alive() and not wait:
            return False
        thread.join()
        current.pending = None
        if "error" in outcome:
            exc = outcome["error"]
            self.term.error(f"suggestions failed: {type(exc).__name__}: {exc}")
            return True
        suggested = outcome["doc"]
        for number, event in enumerate(suggested.events, start=1):  # type: ignore[attr-defined]
            key = f"{event.type}:{event.trigger.start}-{event.trigger.end}"
            current.suggestions.append(Suggestion(f"s{number}", key, event, suggested))  # type: ignore[arg-type]
        offered = [s.key for s in current.suggestions]
        if current.side.offered != offered:  # what `annotate validate` checks a complete document against
            current.side.offered = offered
            with contextlib.suppress(EventgoldError):
                self.store.write_side(current.doc.id, current.side)
        return True

    def visible_suggestions(self, start: int | None = None, end: int | None = None) -> list[Suggestion]:
        """Suggestions not rejected and not already annotated (same type and trigger), in a range."""
        assert self.current is not None
        self._collect_suggestions()
        taken = {f"{e.type}:{e.trigger.start}-{e.trigger.end}" for e in self.doc.events}
        rejected = set(self.side.rejected)
        out = []
        for s in self.current.suggestions:
            if s.key in taken or s.key in rejected:
                continue
            if start is not None and not (start <= s.event.trigger.start < (end or 0)):
                continue
            out.append(s)
        return out

    # -- saving -----------------------------------------------------------------------------------
    def state(self) -> dict:
        """What undo restores: the document's editable part and the rejected suggestions."""
        return {**snapshot(self.doc), "rejected": list(self.side.rejected)}

    def apply(self, label: str, new_doc: Document) -> None:
        """Save ``new_doc`` durably as the result of a confirmed action and make it undoable."""
        history = self.side.history
        redo = list(history.redo_stack)
        history.record(label, self.state())
        try:
            self.current.doc = self.store.commit(new_doc, self.side)  # type: ignore[union-attr]
        except BaseException:
            history.undo_stack.pop()
            history.redo_stack[:] = redo
            raise
        self.term.text(f"saved: {label}", style="green")

    def save_position(self) -> None:
        self.store.write_side(self.doc.id, self.side)

    # -- screen -----------------------------------------------------------------------------------
    @property
    def sentences(self):
        return self.current.analysis.sentences  # type: ignore[union-attr]

    def sentence_bounds(self) -> tuple[int, int]:
        if not self.sentences:
            return 0, len(self.doc.text)
        s = self.sentences[self.side.sentence]
        return s.start, s.end

    def show(self, *, wait: bool = True) -> None:
        """Draw the current sentence; ``wait=False`` does not wait for suggestions still being computed."""
        width = self.term.width
        start, end = self.sentence_bounds()
        ready = self._collect_suggestions(wait=wait)
        self.term.text(header_line(doc=self.doc, position=self.index + 1, total=len(self.doc_ids),
                                   sentence=self.side.sentence + 1, sentences=max(1, len(self.sentences)),
                                   width=width), style="bold")
        if self.trainer is not None:
            self.show_model_status()
        suggestions = self.visible_suggestions(start, end) if ready else []
        self.term.say(render_sentence(self.doc, start, end, suggestions))
        events = [e for e in self.doc.events if start <= e.trigger.start < end]
        for line in event_lines(self.doc, events, width=width):
            self.term.say(line)
        for s in suggestions:
            self.term.say(suggestion_line(s, width=width))
        if suggestions:
            self.term.text("  (y sN accept · e sN edit · x sN reject)")
        if not ready:
            self.term.text("  (suggestions are being computed; they appear with the next command)")

    def show_model_status(self) -> None:
        """With --watch: news of a finished training run (once), then the one status line."""
        trainer = self.trainer
        news = trainer.take_outcome()
        if news and not news.startswith("training failed"):  # a failure stays on the status line
            self.term.text(f"  {news}")
        line = trainer.status_line()
        meta = trainer.meta() if trainer.model() else None
        if meta is not None and meta.get("created") != self.model_created:
            line += " (used from the next document you open)"
        self.term.text(f"  {line}", style="red" if trainer.failure else "dim")

    # -- commands ---------------------------------------------------------------------------------
    def cmd_add(self, rest: str) -> None:
        cls = self.pick_type(rest.strip())
        doc, event_id = self.build_event(cls)
        event = next(e for e in doc.events if e.id == event_id)
        self.apply(f"add {ops.summarize_event(doc, event, width=self.term.width - 12)}", doc)

    def _suggestion(self, label: str) -> Suggestion | None:
        for s in self.visible_suggestions():
            if s.label == label:
                return s
        return None

    def accept(self, suggestion: Suggestion, *, edit: bool = False) -> str | None:
        """Copy a suggestion into the document (asking for missing required roles); returns the event id."""
        doc = self.doc
        specs: list[ops.ArgSpec] = []
        by_id = suggestion.source.mentions_by_id()
        for arg in suggestion.event.arguments:
            mention = by_id.get(arg.mention)
            if mention is None:
                continue
            span = ops.span_at(doc, mention.start, mention.end)
            existing = next((m for m in doc.mentions if (m.start, m.end) == (span.start, span.end)), None)
            if existing is not None:
                if existing.type != mention.type:
                    self.term.text(f"note: {mention.text!r} is already {existing.id} ({existing.type.value}); kept")
                    role = type(suggestion.event).role(arg.role)
                    if role is None or existing.type not in role.fillers:
                        continue
                specs.append(ops.ArgSpec(role=arg.role, mention=existing.id))
                continue
            doc, mention_id = ops.add_mention(doc, span=span, type=mention.type, time=mention.time, money=mention.money)
            if mention.type in (MentionType.TIME, MentionType.MONEY):
                doc = self.ask_value(doc, mention_id)
            specs.append(ops.ArgSpec(role=arg.role, mention=mention_id))
        cls = type(suggestion.event)
        trigger = ops.span_at(doc, suggestion.event.trigger.start, suggestion.event.trigger.end)
        attrs = suggestion.event.attributes
        try:
            new_doc, event_id = ops.add_event(doc, type=cls.__name__, trigger=trigger, args=specs, attributes=attrs)
        except DataError as exc:
            self.term.text(f"{suggestion.label} is incomplete ({exc.reason}); complete it:")
            new_doc, event_id = self.build_event(cls, trigger=trigger, preset=specs, attributes=attrs, doc=doc)
        event = next(e for e in new_doc.events if e.id == event_id)
        self.apply(f"accept {suggestion.label} as {ops.summarize_event(new_doc, event, width=self.term.width - 20)}",
                   new_doc)
        if edit:
            self.edit_event(event_id)
        return event_id

    def cmd_accept(self, rest: str) -> None:
        label = rest.strip()
        start, end = self.sentence_bounds()
        if not label:
            here = self.visible_suggestions(start, end)
            if len(here) != 1:
                self.term.error("say which suggestion: y s1" if here else "no suggestion in this sentence")
                return
            suggestion = here[0]
        else:
            suggestion = self._suggestion(label)
            if suggestion is None:
                self.term.error(f"no open suggestion {label!r} (suggestions are s1, s2, ... as shown)")
                return
        self.accept(suggestion)

    def cmd_delete(self, rest: str) -> None:
        idents = rest.replace(",", " ").split()
        if not idents:
            self.term.error("say what to delete: x EV3 (an event), x M5 (an unused mention) or x s2 (reject a "
                            "suggestion); several at once: x s2 s3 EV4")
            return
        for ident in idents:
            self.delete_one(ident)

    def reject(self, suggestion: Suggestion) -> None:
        """Hide a suggestion for good; an action like any other (undo brings it back)."""
        history = self.side.history
        history.record(f"reject {suggestion.label}", self.state())
        self.side.rejected.append(suggestion.key)
        try:
            self.save_position()
        except BaseException:
            self.side.rejected.pop()
            history.undo_stack.pop()
            raise
        self.term.text(f"saved: rejected {suggestion.label}", style="green")

    def delete_one(self, ident: str) -> None:
        suggestion = self._suggestion(ident)
        if suggestion is not None:
            self.reject(suggestion)
            return
        if self.doc.mention(ident) is not None:
            self.apply(f"delete mention {ident}", ops.remove_mention(self.doc, ident))
            return
        if not any(e.id == ident for e in self.doc.events):
            self.term.error(f"no event, mention or open suggestion {ident!r}")
            return
        self.apply(f"delete {ident}", ops.remove_event(self.doc, ident))

    def edit_event(self, event_id: str) -> None:
        """The edit menu of one event; every change is saved at once."""
        menu = ("t) trigger  a) add argument  d) drop argument(s)  r) replace a filler  s) attributes\n"
                "y) type  h) hopper (link)  c) cluster  n) note  x) delete  Enter) done")
        while True:
            event = next((e for e in self.doc.events if e.id == event_id), None)
            if event is None:
                return
            self.term.text(ops.summarize_event(self.doc, event))
            self.term.text(menu)
            answer = self.ask(f"edit {event_id}> ", menu)
            if not answer:
                return
            try:
                self._edit_step(event, answer.lower())
            except Cancel:
                self.term.text("cancelled")
            except DataError as exc:
                self.term.error(exc.reason)

    def _argument_labels(self, event: EventBase) -> list[str]:
        by_id = self.doc.mentions_by_id()
        return [f"{a.role}={a.mention} {by_id[a.mention].text!r}" if a.mention in by_id else f"{a.role}={a.mention}"
                for a in event.arguments]

    def _edit_step(self, event: EventBase, key: str) -> None:
        cls = type(event)
        eid = event.id
        if key == "t":
            self.show_tokens()
            span = self.ask_span("new trigger> ", tokens_plain=True, explain="text or token range")
            self.apply(f"{eid} trigger {span.text!r}", ops.edit_event(self.doc, eid, trigger=span))
        elif key == "a":
            names = [r.name for r in cls.ROLES]
            role = cls.ROLES[self.choose("role> ", names)]
            chosen = [ops.ArgSpec(role=a.role, mention=a.mention) for a in event.arguments if a.role == role.name]
            before = len(chosen)
            doc = self.fill_role(self.doc, cls, role, chosen, event.attributes.realis)
            added = chosen[before:]
            if not added:
                self.term.text("nothing added")
                return
            self.apply(f"{eid} add {', '.join(f'{s.role}={s.mention}' for s in added)}",
                       ops.edit_event(doc, eid, add_args=added))
        elif key == "d":
            if not event.arguments:
                self.term.error("this event has no arguments")
                return
            picks = self.choose_many("drop> ", self._argument_labels(event))
            args = [event.arguments[i] for i in picks]
            self.apply(f"{eid} drop {' '.join(f'{a.role}={a.mention}' for a in args)}",
                       ops.edit_event(self.doc, eid, remove_args=[(a.role, a.mention) for a in args]))
        elif key == "r":
            if not event.arguments:
                self.term.error("this event has no arguments")
                return
            arg = event.arguments[self.choose("replace> ", self._argument_labels(event))]
            role = cls.role(arg.role)
            assert role is not None
            chosen = [ops.ArgSpec(role=a.role, mention=a.mention) for a in event.arguments
                      if a.role == role.name and a.mention != arg.mention]
            before = len(chosen)
            self.term.text(f"the new filler of {role.name} in place of {arg.mention}:")
            doc = self.fill_role(self.doc, cls, role, chosen, event.attributes.realis, at_least=before + 1)
            added = chosen[before:]
            if not added:
                self.term.text("nothing replaced")
                return
            self.apply(f"{eid} {role.name}: {arg.mention} replaced by {', '.join(str(s.mention) for s in added)}",
                       ops.edit_event(doc, eid, remove_args=[(arg.role, arg.mention)], add_args=added))
        elif key == "s":
            attrs = self.ask_attributes(event.attributes)
            if attrs != event.attributes:
                changes = {n: getattr(attrs, n).value for n in ATTRIBUTES}
                self.apply(f"{eid} attributes " + " ".join(f"{k}={v}" for k, v in changes.items()),
                           ops.edit_event(self.doc, eid, attributes=changes))
        elif key == "y":
            names = [c.__name__ for c in EVENT_CLASSES]
            new_cls = EVENT_CLASSES[self.choose("new type> ", names)]
            self.apply(f"{eid} type {new_cls.__name__}", ops.edit_event(self.doc, eid, type=new_cls.__name__))
        elif key == "h":
            others = self.ask("coreferent with event(s) (ids, space-separated)> ").split()
            if others:
                doc, hopper = ops.link_events(self.doc, [eid, *others])
                self.apply(f"link {eid} {' '.join(others)} as hopper {hopper}", doc)
        elif key == "c":
            value = self.ask(f"cluster id [{event.cluster or ''}] (- clears)> ")
            if value:
                self.apply(f"{eid} cluster {value}", ops.edit_event(self.doc, eid, cluster=None if value == "-" else value))
        elif key == "n":
            value = self.ask("note (- clears)> ")
            if value:
                self.apply(f"{eid} note", ops.edit_event(self.doc, eid, notes=None if value == "-" else value))
        elif key == "x":
            self.apply(f"delete {eid}", ops.remove_event(self.doc, eid))
        else:
            self.term.error("type one of the letters shown, or Enter when done")

    def cmd_edit(self, rest: str) -> None:
        ident = rest.strip()
        if not ident:
            start, end = self.sentence_bounds()
            here = [e.id for e in self.doc.events if start <= e.trigger.start < end]
            if len(here) != 1:
                self.term.error("say which event: e EV3 (or e s1 to accept and edit a suggestion)")
                return
            ident = here[0]
        suggestion = self._suggestion(ident)
        if suggestion is not None:
            self.accept(suggestion, edit=True)
            return
        if self.doc.mention(ident) is not None:
            self.edit_mention(ident)
            return
        if not any(e.id == ident for e in self.doc.events):
            self.term.error(f"no event, mention or open suggestion {ident!r}")
            return
        self.edit_event(ident)

    def edit_mention(self, mention_id: str) -> None:
        """The edit menu of one mention: type, span, value, entity; every change is saved at once."""
        menu = "y) type  s) span (text)  v) value  u) unlink from its entity  Enter) done"
        while True:
            mention = self.doc.mention(mention_id)
            if mention is None:
                return
            entity = f" entity {mention.entity}" if mention.entity else ""
            self.term.text(f"{mention.id} {mention.type.value} {mention.text!r} {describe_value(mention)}{entity}")
            self.term.text(menu)
            answer = self.ask(f"edit {mention_id}> ", menu).lower()
            if not answer:
                return
            try:
                if answer == "y":
                    types = list(MentionType)
                    new_type = types[self.choose("type> ", [t.value for t in types],
                                                 explain="\n".join(f"  {t.value}: {t.description}" for t in types))]
                    doc = ops.edit_mention(self.doc, mention_id, type=new_type)
                    if new_type in (MentionType.TIME, MentionType.MONEY) and new_type != mention.type:
                        doc = self.ask_value(doc, mention_id)
                    self.apply(f"{mention_id} type {new_type.value}", doc)
                elif answer == "s":
                    span = self.ask_span("new text> ", tokens_plain=False, explain="text of the document, TEXT@N or t5-6")
                    self.apply(f"{mention_id} span {span.text!r}", ops.edit_mention(self.doc, mention_id, span=span))
                elif answer == "v":
                    self.cmd_value(mention_id)
                elif answer == "u":
                    if mention.entity is None:
                        self.term.error(f"{mention_id} is in no entity")
                    else:
                        alone = ops.next_id((m.entity or "" for m in self.doc.mentions), "E")
                        self.apply(f"{mention_id} unlinked from {mention.entity} (now entity {alone})",
                                   ops.edit_mention(self.doc, mention_id, entity=alone))
                else:
                    self.term.error("type one of the letters shown, or Enter when done")
            except Cancel:
                self.term.text("cancelled")
            except DataError as exc:
                self.term.error(exc.reason)

    def cmd_mention(self, rest: str) -> None:
        span = self.ask_span("mention text> ", tokens_plain=False, explain="text of the document, TEXT@N or t5-6")
        doc, mention_id = self.new_mention(self.doc, span, list(MentionType))
        if mention_id in self.doc.mentions_by_id():
            self.term.text(f"{span.text!r} is already mention {mention_id}")
            return
        self.apply(f"mention {mention_id} {span.text!r}", doc)

    def cmd_value(self, rest: str) -> None:
        mention_id = rest.strip()
        mention = self.doc.mention(mention_id) if mention_id else None
        if mention is None or mention.type not in (MentionType.TIME, MentionType.MONEY):
            self.term.error("say which TIME or MONEY mention: v M3")
            return
        doc = self.ask_value(self.doc, mention_id)
        value = describe_value(doc.mention(mention_id))  # type: ignore[arg-type]
        if doc.mention(mention_id) != mention:
            self.apply(f"{mention_id} {value}", doc)
        else:
            self.term.text("unchanged")

    def cmd_link(self, rest: str) -> None:
        ids = rest.split()
        if len(ids) < 2:
            self.term.error("name two or more: l EV1 EV4 (same event) or l M2 M9 (same entity)")
            return
        if all(any(e.id == i for e in self.doc.events) for i in ids):
            doc, hopper = ops.link_events(self.doc, ids)
            self.apply(f"link {' '.join(ids)} as hopper {hopper}", doc)
        elif all(self.doc.mention(i) is not None for i in ids):
            doc, entity = ops.link_entities(self.doc, ids)
            self.apply(f"link {' '.join(ids)} as entity {entity}", doc)
        else:
            self.term.error("give only event ids (EV...) or only mention ids (M...) that exist")

    def cmd_undo(self) -> None:
        history = self.side.history
        if not history.can_undo:
            self.term.error("nothing to undo")
            return
        step = history.undo(self.state())
        self._restore(step.state, f"undone: {step.label}", revert=lambda: history.redo(step.state))

    def cmd_redo(self) -> None:
        history = self.side.history
        if not history.can_redo:
            self.term.error("nothing to redo")
            return
        step = history.redo(self.state())
        self._restore(step.state, f"redone: {step.label}", revert=lambda: history.undo(step.state))

    def _restore(self, state, message: str, *, revert: Callable[[], object]) -> None:
        rejected = list(self.side.rejected)
        if "rejected" in state:
            self.side.rejected[:] = [str(r) for r in state["rejected"]]
        try:
            self.current.doc = self.store.commit(restore(self.doc, state), self.side)  # type: ignore[union-attr]
        except BaseException:
            self.side.rejected[:] = rejected
            revert()
            raise
        self.term.text(f"saved: {message}", style="green")

    def cmd_guidelines(self, rest: str) -> None:
        name = rest.strip()
        if not name:
            start, end = self.sentence_bounds()
            here = [e.type for e in self.doc.events if start <= e.trigger.start < end]
            name = here[0] if here else ""
        cls = None
        for key, candidate in EVENT_TYPES.items():
            if name and key.lower().startswith(name.lower()):
                cls = candidate
        if cls is None:
            cls = self.pick_type("")
        from schema.describe import role_table_markdown

        self.term.text(f"{cls.__name__}: {cls.DEFINITION}", style="bold")
        self.term.text(role_table_markdown(cls))
        section = guideline_section(cls.__name__, search=self.guideline_dirs)
        if section:
            self.term.text(section)
        else:
            self.term.text("(no guidelines.md section for this type was found; the definition and role table "
                           "above come from the schema)")

    def cmd_status(self, status: Status) -> None:
        if self.doc.annotation.status == status:
            self.term.text(f"already {status.value}")
            return
        self.apply(f"status {status.value}", ops.set_status(self.doc, status))
        if status == Status.COMPLETE and self.index + 1 < len(self.doc_ids):
            self.term.text("type > for the next document")

    def completion_problems(self) -> tuple[list[str], list[str]]:
        """What stops the document from being complete: (errors, warnings). Errors are the undecided
        suggestions and the error-level findings of ``annotate validate`` level 5 (GUIDELINES)."""
        from annotate.validate import check_guidelines

        errors = []
        for s in self.visible_suggestions():
            sentence = self.current.analysis.sentence_of(s.event.trigger.start)  # type: ignore[union-attr]
            where = f" (sentence {sentence.index + 1})" if sentence is not None else ""
            errors.append(f"{s.label} {s.event.type} {s.event.trigger.text!r}{where} is neither accepted nor rejected "
                          f"(y {s.label} / x {s.label}) [undecided-suggestions]")
        warnings = []
        for found in check_guidelines(self.doc, status=False):
            line = f"{found.field + ': ' if found.field else ''}{found.message} [{found.test_id}]"
            (errors if found.is_error else warnings).append(line)
        return errors, warnings

    def cmd_done(self, rest: str) -> None:
        """Mark the document complete after the checks; ``done --force`` marks it anyway and records that."""
        from datetime import datetime, timezone

        force = rest.strip() in ("--force", "-f", "force", "!")
        if rest.strip() and not force:
            self.term.error("write done, or done --force to mark it complete although checks fail")
            return
        if self.doc.annotation.status == Status.COMPLETE:
            self.term.text("already complete")
            return
        errors, warnings = self.completion_problems()
        if errors and not force:
            self.term.error(f"not marked complete: {len(errors)} problem(s) to fix first:")
            for line in errors[:30]:
                self.term.text(f"  {line}")
            if len(errors) > 30:
                self.term.text(f"  ... and {len(errors) - 30} more")
            self.term.text("fix them, or type done --force to mark it complete anyway (recorded as forced)")
            return
        for line in warnings[:30]:
            self.term.text(f"  warning: {line}")
        self.side.completed = {"at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
                               "forced": bool(errors), "problems": errors[:100]}
        label = f"status complete (forced over {len(errors)} problem(s))" if errors else "status complete"
        self.apply(label, ops.set_status(self.doc, Status.COMPLETE))
        if self.trainer is not None:
            self.term.text(self.trainer.request())
        if self.index + 1 < len(self.doc_ids):
            self.term.text("type > for the next document")

    def cmd_list(self) -> None:
        if not self.doc.events:
            self.term.text("no events yet")
        for line in event_lines(self.doc, self.doc.events, width=self.term.width):
            self.term.say(line)
        for line in mention_lines(self.doc, 0, len(self.doc.text), width=self.term.width):
            self.term.say(line)

    def move(self, delta: int | None = None, to: int | None = None) -> None:
        count = len(self.sentences)
        target = to if to is not None else self.side.sentence + (delta or 0)
        if not 0 <= target < max(count, 1):
            self.term.error(f"sentences are 1 to {count}" if to is not None else
                            ("already at the last sentence (> for the next document)" if (delta or 0) > 0
                             else "already at the first sentence"))
            return
        self.side.sentence = target
        self.save_position()

    def switch(self, delta: int) -> None:
        target = self.index + delta
        if not 0 <= target < len(self.doc_ids):
            self.term.error("no next document" if delta > 0 else "no previous document")
            return
        try:
            self.open(target)
        except LockedError as exc:
            self.term.error(f"{exc}; staying on {self.doc.id}")

    # -- the loop ---------------------------------------------------------------------------------
    def handle(self, line: str) -> bool:
        """Carry out one main-prompt command; returns False to quit."""
        command, _, rest = line.strip().partition(" ")
        if command not in ("q", "quit", "?", "h", "help"):
            self.touched = True  # the annotator did something: the session's files are theirs to keep
        if command in ("", "n"):
            self.move(+1)
        elif command == "p":
            self.move(-1)
        elif command == "j":
            arg = rest.strip() or self.ask(f"sentence (1-{len(self.sentences)})> ")
            if arg.isdigit():
                self.move(to=int(arg) - 1)
            else:
                self.term.error("write j and a sentence number, e.g. j 12")
        elif command == "t":
            self.show_tokens()
            return True
        elif command == "a":
            self.cmd_add(rest)
        elif command == "e":
            self.cmd_edit(rest)
        elif command == "y":
            self.cmd_accept(rest)
        elif command == "x":
            self.cmd_delete(rest)
        elif command == "m":
            self.cmd_mention(rest)
        elif command == "v":
            self.cmd_value(rest)
        elif command == "l":
            self.cmd_link(rest)
        elif command == "u":
            self.cmd_undo()
        elif command == "r":
            self.cmd_redo()
        elif command == "ls":
            self.cmd_list()
            return True
        elif command == "g":
            self.cmd_guidelines(rest)
            return True
        elif command in ("done", "c"):
            self.cmd_done(rest)
        elif command == "draft":
            self.cmd_status(Status.DRAFT)
        elif command == ">":
            self.switch(+1)
        elif command == "<":
            self.switch(-1)
        elif command in ("q", "quit"):
            return False
        elif command in ("?", "h", "help"):
            self.term.text(HELP)
            return True
        else:
            self.term.error(f"unknown command {command!r}; ? lists the commands")
            return True
        self.show()
        return True

    def run(self, start: int = 0) -> None:
        """Open document ``start`` and prompt until the annotator quits."""
        self.open(start)
        if self.trainer is not None:
            self._train_if_behind()
        self.show(wait=False)
        self.term.text("? for help")
        try:
            while True:
                try:
                    line = self.term.ask("session> ")
                except KeyboardInterrupt:
                    self.term.text("")
                    break
                try:
                    if not self.handle(line):
                        break
                except Cancel:
                    self.term.text("cancelled (nothing saved)")
                    self.show()
                except KeyboardInterrupt:
                    self.term.text("\ncancelled (nothing saved)")
                    self.show()
                except DataError as exc:
                    self.term.error(f"not saved: {exc.reason}")
                except StorageError as exc:  # disk full, permissions: the last saved state is intact
                    self.term.error(f"not saved: {exc}")
                except QuitSession:
                    raise
                except Exception as exc:  # a bug must not end the session: every confirmed action is saved
                    self.term.error(f"this command failed ({type(exc).__name__}: {exc}); everything confirmed "
                                    "before it is saved; please report this")
        except QuitSession:
            pass
        finally:
            doc_id = self.current.doc.id if self.current else None
            if doc_id:
                self._remember_last(doc_id)  # the next session starts where this one ended
            self.close()
            if self.trainer is not None and self.trainer.stop():
                self.term.text("background training stopped (the model stays as it was; the next "
                               "session with --watch trains again)")
        self.term.text(f"bye: everything is saved; resume with: annotate session --annotator "
                       f"{self.store.annotator}" + (f" --doc {doc_id}" if doc_id else ""))

    def _train_if_behind(self) -> None:
        """--watch: train at once when this annotator completed documents the model has not seen (a
        training stopped when the last session quit, or the first session with --watch)."""
        meta = self.trainer.meta() if self.trainer.model() else None
        seen = set(meta.get("doc_ids") or []) if meta else set()
        done = [d for d in self.doc_ids if d not in seen and self.store.status(d) == Status.COMPLETE]
        if done:
            self.term.text(f"{len(done)} complete document(s) not in the model yet: "
                           + self.trainer.request())


def _start_index(store: AnnotationStore, doc_ids: Sequence[str], doc: str | None) -> int:
    if doc is not None:
        if doc not in doc_ids:
            raise UsageError(f"no document {doc!r} in {store.corpus.root} (ids: {', '.join(doc_ids[:5])}"
                             f"{', ...' if len(doc_ids) > 5 else ''})")
        return doc_ids.index(doc)
    last = store.corpus.annotator_dir(store.annotator) / ".last-session.json"
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        name = json.loads(last.read_text(encoding="utf-8"))["doc"]
        if name in doc_ids:
            return doc_ids.index(name)
    for i, doc_id in enumerate(doc_ids):
        if store.status(doc_id) != Status.COMPLETE:
            return i
    return 0


def run_session(corpus, annotator: str, *, doc: str | None = None, suggest: bool = True, model: str | None = None,
                threshold: float | None = None, watch: bool = False, terminal: Terminal | None = None) -> None:
    """Run the interactive session for ``annotator`` on the corpus (``doc`` first, else where they left).

    ``model`` is what ``annotate suggest --model`` takes (a folder from ``annotate train``, whose events
    join the rules' ones with their source and score, ``threshold`` hiding weak ones; or an installed
    spaCy pipeline). With ``watch``, a model is retrained in the background after each document marked
    done (:mod:`annotate.train.background`) and used from the next document opened.

    When the corpus has an assignment plan (``assignments.json``) that gives ``annotator`` documents and no
    ``doc`` is given, the session goes through those documents only and opens the next unfinished one."""
    from annotate.corpus import Corpus

    corp = corpus if isinstance(corpus, Corpus) else Corpus(corpus)
    corp.require()
    if watch and not suggest:
        raise UsageError("--watch improves the suggestions: leave out --no-suggest")
    if watch and model is not None:
        raise UsageError("--watch trains its own model (annotations/NAME/.model/); leave out --model")
    if model is not None and suggest:
        from annotate.suggest.model import check_model

        check_model(model)
    store = AnnotationStore(corp, annotator)
    doc_ids = corp.doc_ids()
    if doc is not None and doc not in doc_ids:
        corp.raw_text(doc)  # the precise "no source article" error
    if doc is None:  # with an assignment plan: the annotator's assigned documents, the next unfinished first
        from annotate.team.plan import next_assigned

        planned = next_assigned(corp, store.annotator)
        if planned is not None:
            doc_ids, doc = planned
            if doc is None:
                (terminal or Terminal()).text(
                    f"{annotator}: all {len(doc_ids)} assigned document(s) are complete (annotate status shows the "
                    "team's progress; --doc ID opens one anyway)")
                return
    start = _start_index(store, doc_ids, doc)
    guideline_dirs = [corp.root, corp.root.parent, Path(__file__).resolve().parents[2]]
    trainer = None
    if watch:
        from annotate.train.background import BackgroundTrainer

        trainer = BackgroundTrainer(corp, store.annotator, threshold=threshold)
    session = Session(store, doc_ids, terminal=terminal or Terminal(), suggest=suggest, model=model,
                      threshold=threshold, trainer=trainer, guideline_dirs=guideline_dirs)
    folder = corp.annotator_dir(store.annotator)
    created = [p for p in (corp.annotations_dir, folder) if not p.exists()]
    try:
        session.run(start)
    finally:
        if not session.touched:
            _remove_if_unused(created, folder)


def _remove_if_unused(created: list[Path], folder: Path) -> None:
    """A session quit without doing anything leaves no folder behind: the annotator folder (and
    ``annotations/``) it created holds only locks, caches and position files then, and is removed."""
    import shutil

    if folder not in created or not folder.is_dir():
        return
    with contextlib.suppress(OSError):
        if any(folder.glob("*.jsonl")):
            return  # something was saved
        for side in folder.glob("*.session.json"):
            with contextlib.suppress(ValueError):
                data = json.loads(side.read_bytes())
                if isinstance(data, dict) and (data.get("rejected") or data.get("undo")):
                    return  # rejected suggestions are decisions too
        shutil.rmtree(folder)
        for parent in created:
            if parent != folder and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
