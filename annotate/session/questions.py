"""The questions of the session: pick from a list, place a text or token range in the document, set
attributes, confirm a value, fill a role, build an event.

:class:`Questions` is a mixin of :class:`annotate.session.app.Session`; it expects ``self.term`` (a
:class:`~.terminal.Terminal`), ``self.doc``, ``self.side``, ``self.current`` (with ``analysis``),
``self.sentences`` and ``self.sentence_bounds()``. Every question repeats itself with a short
explanation after wrong input; ``!`` raises :class:`~.terminal.Cancel`, ``?`` explains.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from annotate.edit import ops
from annotate.edit.values import describe_value, format_money, format_time, parse_money, parse_time, propose_money, propose_time
from annotate.errors import DataError
from schema import (
    ATTRIBUTE_DESCRIPTIONS, ATTRIBUTES, EVENT_CLASSES, EVENT_TYPES, Attributes, Document, EventBase, MentionType,
    Realis, Role, Span,
)

from .screen import token_line
from .terminal import Cancel

__all__ = ["Questions"]


class Questions:
    """Prompts that return an answer the schema accepts (see the module docstring)."""

    def ask(self, prompt: str, explain: str = "") -> str:
        while True:
            answer = self.term.ask(prompt)
            if answer == "!":
                raise Cancel()
            if answer == "?" and explain:
                self.term.text(explain)
                continue
            return answer

    def choose(self, prompt: str, options: Sequence[str], *, explain: str = "", default: int | None = None) -> int:
        """Pick one of ``options`` by number or by (a prefix of) its name; returns its index."""
        listing = "  " + "  ".join(f"{i}) {o}" for i, o in enumerate(options, start=1))
        self.term.text(listing)
        while True:
            answer = self.ask(prompt, explain or listing)
            if not answer and default is not None:
                return default
            if answer.isdigit() and 1 <= int(answer) <= len(options):
                return int(answer) - 1
            matches = [i for i, o in enumerate(options) if o.lower().startswith(answer.lower())] if answer else []
            exact = [i for i, o in enumerate(options) if o.lower() == answer.lower()]
            if exact:
                return exact[0]
            if len(matches) == 1:
                return matches[0]
            self.term.error(f"type a number from 1 to {len(options)} (or a name); ! cancels")

    def choose_many(self, prompt: str, options: Sequence[str], *, explain: str = "") -> list[int]:
        """Pick one or more of ``options`` by number ("1 3", "1,3", "2-4") or by (a prefix of) their names;
        returns their indices in order."""
        listing = "  " + "  ".join(f"{i}) {o}" for i, o in enumerate(options, start=1)) + "   (several: 1 3)"
        self.term.text(listing)
        while True:
            answer = self.ask(prompt, explain or listing)
            picks: set[int] = set()
            for part in answer.replace(",", " ").split():
                low, dash, high = part.partition("-")
                if low.isascii() and low.isdigit() and (not dash or (high.isascii() and high.isdigit())):
                    numbers = range(int(low), int(high if dash else low) + 1)
                    if not all(1 <= n <= len(options) for n in numbers):
                        picks = set()
                        break
                    picks.update(n - 1 for n in numbers)
                    continue
                named = [i for i, o in enumerate(options) if o.lower().startswith(part.lower())]
                if len(named) != 1:
                    picks = set()
                    break
                picks.add(named[0])
            if picks:
                return sorted(picks)
            self.term.error(f"type numbers from 1 to {len(options)} (e.g. 1 3 or 2-4) or names; ! cancels")

    def _context(self, start: int, end: int) -> str:
        text = self.doc.text
        left = text[max(0, start - 30):start].replace("\n", " ")
        right = text[end:end + 30].replace("\n", " ")
        return f"…{left}[{text[start:end]}]{right}…"

    def locate(self, answer: str, *, tokens_plain: bool) -> Span | None:
        """A span from a typed answer: token range, ``TEXT@N``, or text (sentence first, then document).

        Returns None (after explaining) when the answer cannot be placed; may ask which occurrence.
        """
        from schema.spans import occurrences

        text = self.doc.text
        start, end = self.sentence_bounds()
        token_spec = answer[1:] if answer[:1] == "t" and re.fullmatch(r"t\d+(-\d+)?", answer) else (
            answer if tokens_plain and re.fullmatch(r"\d+(-\d+)?", answer) else None)
        if token_spec is not None and not self.sentences:
            self.term.error("this document has no tokens")
            return None
        if token_spec is not None:
            sentence = self.sentences[self.side.sentence]
            tokens = self.current.analysis.tokens[sentence.token_start:sentence.token_end]  # type: ignore[union-attr]
            first, _, last = token_spec.partition("-")
            a, b = int(first), int(last or first)
            if not (1 <= a <= b <= len(tokens)):
                self.term.error(f"this sentence has tokens 1 to {len(tokens)}; write e.g. 3 or 3-4 (t to list them)")
                return None
            return ops.span_at(self.doc, tokens[a - 1][0], tokens[b - 1][1])
        if answer.startswith('"') and answer.endswith('"') and len(answer) >= 2:
            answer = answer[1:-1]
        if re.search(r"@[0-9]+$", answer):
            try:
                return ops.anchor_span(self.doc, answer)[0]
            except DataError as exc:
                self.term.error(exc.reason)
                return None
        if not answer.strip():
            self.term.error("type some text of the document")
            return None
        everywhere = occurrences(text, answer)
        everywhere = ops.word_occurrences(text, answer, everywhere) or everywhere  # "Russia" skips "Russian"
        here = [s for s in everywhere if start <= s and s + len(answer) <= end]
        found = here or everywhere
        if not found:
            self.term.error(f"{answer!r} does not occur in the document (spelling and case must match)")
            return None
        if len(found) == 1:
            return ops.span_at(self.doc, found[0], found[0] + len(answer))
        where = "this sentence" if here else "the document"
        self.term.text(f"{answer!r} occurs {len(found)} times in {where}:")
        shown = found[:20]
        for i, s in enumerate(shown, start=1):
            self.term.text(f"  {i}) {self._context(s, s + len(answer))}")
        while True:
            pick = self.ask(f"which (1-{len(shown)})> ")
            if pick.isdigit() and 1 <= int(pick) <= len(shown):
                s = shown[int(pick) - 1]
                return ops.span_at(self.doc, s, s + len(answer))
            self.term.error(f"type a number from 1 to {len(shown)}; ! cancels")

    def ask_span(self, prompt: str, *, tokens_plain: bool, explain: str) -> Span:
        while True:
            answer = self.ask(prompt, explain)
            if answer == "t":
                self.show_tokens()
                continue
            span = self.locate(answer, tokens_plain=tokens_plain)
            if span is not None:
                return span

    def show_tokens(self) -> None:
        if not self.sentences:
            self.term.text("(this document has no words)")
            return
        sentence = self.sentences[self.side.sentence]
        tokens = self.current.analysis.tokens[sentence.token_start:sentence.token_end]  # type: ignore[union-attr]
        self.term.text(token_line(self.doc.text, tokens, width=self.term.width))

    def ask_attributes(self, attrs: Attributes) -> Attributes:
        """Show the attributes; Enter accepts, r/p/t changes realis/polarity/tense."""
        keys = {name[0]: name for name in ATTRIBUTES}
        while True:
            current = "  ".join(f"{name}={getattr(attrs, name).value}" for name in ATTRIBUTES)
            self.term.text(f"attributes: {current}")
            answer = self.ask("Enter accepts, or r/p/t to change> ",
                              "\n".join(f"  {k}: {ATTRIBUTE_DESCRIPTIONS[n]['']}" for k, n in keys.items()))
            if not answer:
                return attrs
            name = keys.get(answer.lower()[:1]) if answer.lower() in keys or answer.lower() in ATTRIBUTES else None
            if name is None:
                self.term.error("type r (realis), p (polarity), t (tense), or Enter to accept")
                continue
            values = [m.value for m in ATTRIBUTES[name]]
            explain = "\n".join(f"  {v}: {ATTRIBUTE_DESCRIPTIONS[name][v]}" for v in values)
            choice = self.choose(f"{name}> ", values, explain=explain)
            attrs = attrs.model_copy(update={name: ATTRIBUTES[name](values[choice])})

    def ask_value(self, doc: Document, mention_id: str) -> Document:
        """Confirm or edit the proposed normalization of a TIME or MONEY mention (Enter accepts)."""
        mention = doc.mention(mention_id)
        assert mention is not None
        if mention.type == MentionType.TIME:
            current = mention.time or propose_time(doc, mention.text, context=self._context_text(mention.start))
            shown = format_time(current) if current else ""
            help_ = "a TIMEX3 value: 2018-11-02, 2018-11, 2019, 2018-W45, XXXX-05-09, P3D, PRESENT_REF; " \
                    "options after commas: type=SET, mod=APPROX, anchor=none"
        else:
            current = mention.money or propose_money(mention.text)
            shown = format_money(current) if current else ""
            help_ = "CUR:AMOUNT, e.g. USD:50M, EUR:1.5B, bounds USD:260M.. or USD:..50M, approximate USD:2B~"
        kind = mention.type.value.lower()
        while True:
            prompt = f"{kind} value of {mention.text!r} [{shown}]> " if shown else f"{kind} value of {mention.text!r}> "
            answer = self.ask(prompt, help_)
            if not answer and current is not None:
                value = current
            elif not answer:
                self.term.error(f"a {mention.type.value} mention needs a value: {help_}")
                continue
            else:
                try:
                    value = parse_time(answer) if mention.type == MentionType.TIME else parse_money(answer)
                except DataError as exc:
                    self.term.error(f"{exc.reason}; ? for the syntax")
                    continue
            if mention.type == MentionType.TIME:
                return ops.set_normalization(doc, mention_id, time=value)  # type: ignore[arg-type]
            return ops.set_normalization(doc, mention_id, money=value)  # type: ignore[arg-type]

    def _context_text(self, offset: int) -> str:
        return self.doc.text[max(0, offset - 160):offset + 160]

    def new_mention(self, doc: Document, span: Span, allowed: Sequence[MentionType]) -> tuple[Document, str]:
        """Add (or reuse) a mention at ``span`` with a type from ``allowed`` (asked when several)."""
        existing = next((m for m in doc.mentions if (m.start, m.end) == (span.start, span.end)), None)
        if existing is not None:
            if existing.type not in allowed:
                raise DataError(f"{span.text!r} is already {existing.id}, a {existing.type.value} mention; "
                                f"this needs {' or '.join(t.value for t in allowed)}")
            return doc, existing.id
        if len(allowed) == 1:
            mtype = allowed[0]
        else:
            explain = "\n".join(f"  {t.value}: {t.description}" for t in allowed)
            mtype = allowed[self.choose(f"type of {span.text!r}> ", [t.value for t in allowed], explain=explain)]
        doc, mention_id = ops.add_mention(doc, span=span, type=mtype)
        if mtype in (MentionType.TIME, MentionType.MONEY):
            doc = self.ask_value(doc, mention_id)
        return doc, mention_id

    def fill_role(self, doc: Document, cls: type[EventBase], role: Role, chosen: list[ops.ArgSpec],
                  realis: Realis, *, at_least: int = 0) -> Document:
        """Ask for the fillers of one role; appends to ``chosen``; returns the document with new mentions.

        ``at_least`` asks for that many fillers even when the role needs fewer (replacing a filler)."""
        allowed = role.fillers
        need = max(role.min if realis != Realis.GENERIC else 0, at_least)
        start, end = self.sentence_bounds()
        while True:
            have = [c for c in chosen if c.role == role.name]
            if role.max is not None and len(have) >= role.max:
                return doc
            used = {c.mention for c in have}
            candidates = [m for m in doc.mentions if m.type in allowed and m.id not in used]
            candidates.sort(key=lambda m: (not (start <= m.start < end), abs(m.start - start)))
            candidates = candidates[:9]
            required = f"required, {role.cardinality}" if need else f"optional, {role.cardinality}"
            self.term.text(f"{role.name}: {role.description} [{', '.join(t.value for t in allowed)}] ({required})")
            for i, m in enumerate(candidates, start=1):
                self.term.text(f"  {i}) {m.id} {m.type.value} {m.text!r} {describe_value(m)}".rstrip())
            more = " another" if have else ""
            hint = "number, text, t5-6, Enter " + ("when done" if len(have) >= need else "(required)")
            answer = self.ask(f"{role.name}{more} ({hint})> ",
                              "Type a number to reuse a listed mention (or any mention id, e.g. M12), or text of "
                              "the document to mark a new one (TEXT@N for the N-th occurrence, t5-6 for tokens, "
                              "\"...\" for a literal number). Enter moves to the next role. ! cancels the event.")
            if not answer:
                if len(have) >= need:
                    return doc
                self.term.error(f"{role.name} is required: name at least {need} (only a generic event may "
                                "leave it empty; ! cancels the event)" if not at_least else
                                f"name the new {role.name} (! cancels)")
                continue
            if answer.isdigit() and not answer.startswith("0"):
                if 1 <= int(answer) <= len(candidates):
                    chosen.append(ops.ArgSpec(role=role.name, mention=candidates[int(answer) - 1].id))
                    continue
                if not candidates:
                    self.term.error("there is no listed mention to pick; type text to mark one")
                else:
                    self.term.error(f"pick 1 to {len(candidates)}, or type text (\"{answer}\" for the number itself)")
                continue
            if doc.mention(answer) is not None:
                mention = doc.mention(answer)
                if mention.type not in allowed:
                    self.term.error(f"{answer} is a {mention.type.value} mention; {role.name} takes "
                                    f"{', '.join(t.value for t in allowed)}")
                    continue
                chosen.append(ops.ArgSpec(role=role.name, mention=answer))
                continue
            if answer == "t":
                self.show_tokens()
                continue
            span = self.locate(answer, tokens_plain=False)
            if span is None:
                continue
            try:
                doc, mention_id = self.new_mention(doc, span, allowed)
            except DataError as exc:
                self.term.error(exc.reason)
                continue
            if mention_id in used:
                self.term.error(f"{mention_id} already fills {role.name}")
                continue
            chosen.append(ops.ArgSpec(role=role.name, mention=mention_id))

    def pick_type(self, given: str) -> type[EventBase]:
        names = [cls.__name__ for cls in EVENT_CLASSES]
        if given:
            for name in names:
                if name.lower().startswith(given.lower()):
                    return EVENT_TYPES[name]
            self.term.error(f"no event type {given!r}")
        explain = "\n".join(f"  {cls.__name__}: {cls.DEFINITION}" for cls in EVENT_CLASSES)
        return EVENT_CLASSES[self.choose("type> ", names, explain=explain)]

    def build_event(self, cls: type[EventBase], *, trigger: Span | None = None,
                    preset: Sequence[ops.ArgSpec] = (), attributes: Attributes | None = None,
                    doc: Document | None = None) -> tuple[Document, str]:
        """Ask for whatever the event still needs (trigger, attributes, roles); returns (doc, event id)."""
        doc = doc or self.doc
        if trigger is None:
            self.show_tokens()
            trigger = self.ask_span(f"{cls.__name__} trigger (text, or tokens like 5-6)> ", tokens_plain=True,
                                    explain="The word or phrase that most clearly expresses the event: type it, "
                                            "or give its token numbers (t lists them).")
        self.term.text(f"trigger: {self._context(trigger.start, trigger.end)}")
        attrs = self.ask_attributes(attributes or Attributes.default())
        chosen: list[ops.ArgSpec] = list(preset)
        for role in cls.ROLES:
            doc = self.fill_role(doc, cls, role, chosen, attrs.realis)
        return ops.add_event(doc, type=cls.__name__, trigger=trigger, args=chosen, attributes=attrs)
