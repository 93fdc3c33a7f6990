"""The adjudication prompt loop: one disagreement at a time, side by side, answered with a plain line.

Plain line prompts (no screen control), so it works over ssh, in a pipe and under pexpect. The loop
never prints itself: it is given ``show`` (write lines) and ``ask`` (show a prompt, return the line
typed, or None at end of input) by the command line.

For each item::

    ── 000_0850c832f78e4e8b · event at 'arrived' [283,290) ──  (document 1 of 5)
    … Díaz-Canel [arrived] in Russia on November 1 to discuss …
      1 alice  Visit 'arrived' [283,290) realis=actual polarity=positive tense=past
      2 bob    Visit 'arrived' [283,290) realis=other polarity=positive tense=future
    1-2 take that version (or type the set's name), e edit, d drop, q quit >

Taking a set that has nothing there drops the item. ``q`` (or the end of input) stops: every decision
confirmed so far is already in the journal, and the same command continues where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from schema import ATTRIBUTES, EVENT_TYPES, Decision, Mention, MentionType, parse_anchor
from schema.spans import find_word_span
from schema.spans import SpanMismatch
from schema.values import MoneyValue, TimeValue, money_problem, timex_problem

from ..errors import UsageError
from .merge import EventVersion, Filler, Item, Resolution, is_empty, version_label

Ask = Callable[[str], "str | None"]
Show = Callable[[str], None]


class AdjudicationStopped(UsageError):
    """The adjudicator quit, or input ended, before every item was decided (decisions are kept)."""


class PromptResolver:
    """Asks a person about each item (a :data:`~annotate.adjudicate.merge.Resolver`)."""

    def __init__(self, ask: Ask, show: Show, *, sets: Sequence[str], adjudicator: str) -> None:
        self.ask = ask
        self.show = show
        self.sets = list(sets)
        self.adjudicator = adjudicator
        self.asked = 0
        self.progress = ""  # e.g. "document 2 of 5", shown in each item's header

    # -- helpers ------------------------------------------------------------------------------------
    def _line(self, prompt: str) -> str:
        answer = self.ask(prompt)
        if answer is None:
            raise AdjudicationStopped("input ended before the adjudication was finished")
        return answer.strip()

    def _choose(self, prompt: str, options: Sequence[str], default: str | None = None) -> str:
        """One of ``options`` (by name, unique prefix or number); empty answer = ``default``."""
        while True:
            shown = "/".join(options)
            answer = self._line(f"{prompt} ({shown})" + (f" [{default}]" if default else "") + " > ")
            if not answer and default is not None:
                return default
            if answer.isdigit() and 1 <= int(answer) <= len(options):
                return options[int(answer) - 1]
            matches = [o for o in options if o.lower() == answer.lower()] or \
                [o for o in options if answer and o.lower().startswith(answer.lower())]
            if len(matches) == 1:
                return matches[0]
            self.show(f"  please answer one of {shown}")

    def _span(self, item: Item, prompt: str, default: tuple[int, int] | None) -> tuple[int, int] | None:
        """A span typed as TEXT or TEXT@N (the N-th occurrence); empty = default; '-' = none."""
        shown = f" [{item.text[default[0]:default[1]]}]" if default else ""
        while True:
            answer = self._line(f"{prompt}, TEXT or TEXT@N ('-' for none){shown} > ")
            if not answer:
                if default is not None:
                    return default
                continue
            if answer == "-":
                return None
            needle, occurrence = parse_anchor(answer)
            try:
                span = find_word_span(item.text, needle, occurrence)
            except SpanMismatch as exc:
                self.show(f"  {exc}")
                continue
            return int(span["start"]), int(span["end"])

    # -- the prompt ---------------------------------------------------------------------------------
    def __call__(self, item: Item) -> Resolution:
        self.asked += 1
        self.show("")
        self.show(f"── {item.doc_id} · {item.title} ──" + (f"  ({self.progress})" if self.progress else ""))
        if item.kind == "argument" and item.event is not None:
            self.show(f"  under {item.event.label()}")
        self.show(f"  {item.context()}")
        names = list(item.versions)
        width = max(len(n) for n in names)
        first_with: dict = {}
        for number, name in enumerate(names, start=1):
            version = item.versions[name]
            same = first_with.setdefault(version, name)
            note = f"   (same as {same})" if same != name and not is_empty(version) else ""
            self.show(f"  {number} {name:<{width}}  {version_label(version, kind=item.kind)}{note}")
        can_edit = item.kind in ("event", "argument")
        options = f"1-{len(names)} take that version (or the set's name), " + ("e edit, " if can_edit else "") + \
            "d drop, q quit"
        while True:
            answer = self._line(f"{options} > ")
            lowered = answer.lower()
            if lowered in ("q", "quit"):
                raise AdjudicationStopped("stopped by the adjudicator")
            if lowered in ("d", "drop"):
                return Resolution("drop", None if item.kind == "event" else (), Decision.CHOSEN, by=self.adjudicator)
            if lowered in ("e", "edit") and can_edit:
                value = self._edit_event(item) if item.kind == "event" else self._edit_slot(item)
                if is_empty(value):
                    return Resolution("drop", value, Decision.CHOSEN, by=self.adjudicator)
                return Resolution("edit", value, Decision.EDITED, by=self.adjudicator)
            name = None
            if answer.isdigit() and 1 <= int(answer) <= len(names):
                name = names[int(answer) - 1]
            elif answer in names:
                name = answer
            if name is not None:
                return Resolution("take", item.versions[name], Decision.CHOSEN, set=name, by=self.adjudicator)
            self.show(f"  not understood: {answer!r}")

    def _edit_event(self, item: Item) -> EventVersion | None:
        current = next((v for v in item.versions.values() if not is_empty(v)), None)
        types = list(EVENT_TYPES)
        event_type = self._choose("  event type", types, current.type if current else None)
        span = self._span(item, "  trigger", (current.start, current.end) if current else None)
        if span is None:
            return None
        values = {}
        for name, enum in ATTRIBUTES.items():
            default = getattr(current, name) if current else None
            values[name] = self._choose(f"  {name}", [m.value for m in enum], default)
        return EventVersion(span[0], span[1], event_type, values["realis"], values["polarity"], values["tense"],
                            item.text[span[0]:span[1]])

    def _edit_slot(self, item: Item) -> tuple[Filler, ...]:
        role = EVENT_TYPES[item.event.type].role(item.role) if item.event and item.role else None
        current = next((v[0] for v in item.versions.values() if v), None)
        span = self._span(item, f"  {item.role} filler", (current.start, current.end) if current else None)
        if span is None:
            return ()
        allowed = [t.value for t in role.fillers] if role else [t.value for t in MentionType]
        default = current.type if current and current.type in allowed else allowed[0]
        mention_type = self._choose("  mention type", allowed, default)
        time = money = None
        if mention_type == MentionType.TIME.value:
            time = self._time(current.time if current and current.type == mention_type else None)
        elif mention_type == MentionType.MONEY.value:
            money = self._money(current.money if current and current.type == mention_type else None)
        mention = Mention(id="X", type=mention_type, start=span[0], end=span[1], text=item.text[span[0]:span[1]],
                          time=time, money=money)
        return (Filler.of(mention),)

    def _time(self, current: TimeValue | None) -> TimeValue:
        while True:
            answer = self._line("  TIMEX3 value, e.g. 2018-11-02 or P3D" + (f" [{current.value}]" if current else "")
                                + " > ")
            if not answer and current is not None:
                return current
            kind = "DURATION" if answer.startswith("P") else "DATE"
            try:
                value = TimeValue(value=answer, type=kind)
            except ValueError:
                self.show("  please type a TIMEX3 value")
                continue
            problem = timex_problem(value)
            if problem is None:
                return value
            self.show(f"  {problem}")

    def _money(self, current: MoneyValue | None) -> MoneyValue:
        shown = f" [{current.currency} {current.amount:g}]" if current and current.amount is not None else ""
        while True:
            answer = self._line(f"  currency and amount, e.g. USD 50000000{shown} > ")
            if not answer and current is not None:
                return current
            parts = answer.split()
            try:
                value = MoneyValue(currency=parts[0].upper(), amount=float(parts[1].replace(",", "")))
            except (IndexError, ValueError):
                self.show("  please type a currency code and an amount")
                continue
            problem = money_problem(value)
            if problem is None:
                return value
            self.show(f"  {problem}")

    def confirm_document(self, doc_id: str, problems: Sequence[str]) -> bool:
        """Show the validation problems of a merged document; True keeps it, False redoes it."""
        self.show("")
        self.show(f"── {doc_id}: the merged document does not pass validation ──")
        for problem in problems:
            self.show(f"  {problem}")
        answer = self._choose("  keep it as is, or redo this document's decisions", ["keep", "redo"], "redo")
        return answer == "keep"


__all__ = ["AdjudicationStopped", "PromptResolver"]
