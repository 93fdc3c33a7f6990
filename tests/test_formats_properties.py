"""Property tests: random texts (line breaks, tabs, emoji, non-breaking spaces) and random annotations
survive brat and Prodigy round trips exactly.

Spans are distinct per (offsets, label): Prodigy relations name spans by offsets and label, so two equal
spans cannot be told apart (the export counts them and the import warns; brat has no such limit).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotate.corpus import sha256_text
from annotate.formats.brat import LINE_BREAKS, export_brat, import_brat
from annotate.formats.importing import ImportReport, hold_document
from annotate.formats.prodigy import document_to_task, task_to_document
from annotate.formats.importing import SourceResolver
from annotate.formats.mapping import LabelMapping
from schema import (
    EVENT_TYPES, AnnotationInfo, Argument, Attributes, Document, Mention, MoneyValue, Source, Span, TimeValue,
    make_span,
)

ALPHABET = ["a", "b", " ", "í", "\u00a0", "“", "\t", "\n", "\r\n", "\u2028", "\U0001F600", "\U0001F1F7", "."]
MENTION_TYPES = ["PER", "ORG", "GPE", "LOC", "FAC", "MONEY", "TIME", "TOPIC"]


@st.composite
def documents(draw):
    text = "".join(draw(st.lists(st.sampled_from(ALPHABET), min_size=3, max_size=60)))

    def span(offsets):
        start, end = sorted(offsets)
        return start, end

    offsets = st.tuples(st.integers(0, len(text)), st.integers(0, len(text))).map(span).filter(
        lambda se: se[0] < se[1] and not all(c in LINE_BREAKS for c in text[se[0]:se[1]]))
    mentions = []
    spans = draw(st.lists(st.tuples(offsets, st.sampled_from(MENTION_TYPES)), max_size=6, unique_by=lambda t: t))
    for n, ((start, end), type_) in enumerate(spans, start=1):
        extra = {}
        if type_ == "TIME" and draw(st.booleans()):
            extra["time"] = TimeValue(value="2018-11-0" + str(draw(st.integers(1, 9))))
        if type_ == "MONEY" and draw(st.booleans()):
            extra["money"] = MoneyValue(currency="EUR", amount=float(draw(st.integers(1, 10**9))))
        if type_ in ("PER", "ORG", "GPE") and draw(st.booleans()):
            extra["entity"] = draw(st.sampled_from(["E1", "E2"]))
        mentions.append(Mention(id=f"M{n}", type=type_, **make_span(text, start, end), **extra))
    events = []
    triggers = draw(st.lists(st.tuples(offsets, st.sampled_from(list(EVENT_TYPES))), max_size=3,
                             unique_by=lambda t: t))
    for n, ((start, end), type_) in enumerate(triggers, start=1):
        cls = EVENT_TYPES[type_]
        arguments = []
        for mention in draw(st.lists(st.sampled_from(mentions), max_size=3)) if mentions else []:
            role = draw(st.sampled_from(cls.role_names()))
            arguments.append(Argument(role=role, mention=mention.id))
        notes = draw(st.one_of(st.none(), st.text(alphabet=st.sampled_from(["x", " ", "\n", "\t", "é", "{", "\""]),
                                                  max_size=12)))
        events.append(cls(id=f"EV{n}", trigger=Span(**make_span(text, start, end)), arguments=arguments,
                          attributes=Attributes(realis=draw(st.sampled_from(["actual", "generic", "other"])),
                                                polarity="positive", tense="future"),
                          coref=draw(st.one_of(st.none(), st.just("H1"))), notes=notes))
    return Document(id="prop-1", text=text,
                    source=Source(file_name="prop-1.txt", sha256=sha256_text(text)),
                    annotation=AnnotationInfo(annotator="tester", status="draft"), mentions=mentions, events=events)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_brat_round_trip(document):
    with tempfile.TemporaryDirectory() as tmp:
        export_brat([document], Path(tmp), config=False)
        report = ImportReport()
        back = list(import_brat(tmp, report=report))
    assert_held(document, back, report)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_prodigy_round_trip(document):
    task, _ = document_to_task(document)
    report = ImportReport()
    back = task_to_document(task, mapping=LabelMapping(), report=report, resolver=SourceResolver(None), where="t")
    assert_held(document, [back] if back is not None else [], report)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_prodigy_sentence_tasks_round_trip(document):
    from annotate.formats.prodigy import document_to_sentence_tasks, sentence_tasks_to_document

    tasks, _, _ = document_to_sentence_tasks(document)
    report = ImportReport()
    if "offset" not in tasks[0]["eventgold"]:  # a text without words: one document task
        back = task_to_document(tasks[0], mapping=LabelMapping(), report=report, resolver=SourceResolver(None),
                                where="t")
    else:
        back = sentence_tasks_to_document([(f"t{i}", t) for i, t in enumerate(tasks)], mapping=LabelMapping(),
                                          report=report, resolver=SourceResolver(None))
    assert_held(document, [back] if back is not None else [], report)


def assert_held(document, back, report):
    """The import gives back exactly the document, less what the validator refuses (random roles make
    invalid arguments), each of which is reported: nothing else lost, nothing invalid kept."""
    expected_report = ImportReport()
    expected = hold_document(document, report=expected_report, where="x")
    assert back == ([expected] if expected is not None else [])
    assert [p.kind for p in report.problems] == [p.kind for p in expected_report.problems]
    assert report.blocking == (expected != document) and not report.unmapped
