"""``annotate agree A B [C ...]``: inter-annotator agreement, per document and overall."""


from typing import Annotated

import typer

from ._app import app
from .common import DEFAULT_CORPUS_PATH, CorpusOption, TableOrJson, echo

_LABELS = {
    "entity_mentions": "entity mentions F1 (span+type)",
    "value_mentions": "value mentions F1 (span+type)",
    "triggers": "trigger F1 (span)",
    "triggers_typed": "trigger+type F1",
    "arguments_exact": "argument F1 (exact spans)",
    "arguments_overlap": "argument F1 (overlapping spans)",
}
_SHORT = {"entity_mentions": "ent", "value_mentions": "val", "triggers": "trig", "triggers_typed": "trig+t",
          "arguments_exact": "arg", "arguments_overlap": "arg~"}
_COREF = {"event_coref": "event hoppers (coref)", "entity_coref": "entity coreference"}


@app.command("agree")
def agree_cli(
    sets: Annotated[list[str], typer.Argument(metavar="SET", help="Two or more annotation sets (A B [C ...]): annotator NAMEs "
                                              "under CORPUS/annotations/, folders of DOC_ID.jsonl, or JSONL files.")],
    format: Annotated[TableOrJson, typer.Option("--format", "-f", help="table or json.")] = TableOrJson.table,
    corpus: CorpusOption = DEFAULT_CORPUS_PATH,
) -> None:
    """Inter-annotator agreement for each pair of sets, per document and overall: mention, trigger and
    argument F1, Cohen's kappa per event attribute, Krippendorff's alpha on event type, agreement
    on normalized time and money, and coreference agreement (MUC, B-cubed, CEAF-e, CoNLL F1) on event
    hoppers and entities, with B-cubed on corpus-wide event clusters. With more than two sets,
    pairwise matrices."""
    from annotate.evaluate.agree import agree
    from annotate.errors import UsageError

    if len(sets) < 2:
        raise UsageError("give at least two annotation sets (A B [C ...])")
    # Per-document results go to a spool file per pair as they come (memory stays flat at any corpus
    # size) and are written out after the pooled figures, exactly as the whole report would print.
    with _Spools(json=format is TableOrJson.json, table_rows=len(sets) == 2) as spools:
        report = agree(sets, corpus=corpus, per_document=False, on_document=spools.add)
        if format is TableOrJson.json:
            spools.write_json(report)
            return
        for line in agreement_lines(report, document_rows=spools.rows):
            echo(line)


class _Spools:
    """One temporary spool per pair of sets holding its per-document results, JSON members or table rows."""

    def __init__(self, *, json: bool, table_rows: bool) -> None:
        self.json = json
        self.table_rows = table_rows
        self.files: dict[int, object] = {}
        self.counts: dict[int, int] = {}

    def __enter__(self) -> "_Spools":
        return self

    def __exit__(self, *exc) -> None:
        for spool in self.files.values():
            spool.close()

    def _spool(self, pair):
        import tempfile

        key = id(pair)
        if key not in self.files:
            self.files[key] = tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", encoding="utf-8")
            self.counts[key] = 0
        return self.files[key]

    def add(self, pair, doc_id: str, result) -> None:
        import gc
        import json

        if self.json:
            spool = self._spool(pair)
            member = json.dumps(result.to_json(), ensure_ascii=False, indent=2).replace("\n", "\n" + _DOC_INDENT)
            spool.write(("," if self.counts[id(pair)] else "") + f"\n{_DOC_INDENT}{json.dumps(doc_id, ensure_ascii=False)}: "
                        + member)
            # json's indenting encoder is pure Python and leaves a cycle of closures behind each call; the
            # agreement loop runs without the cyclic collector (annotate.bulk), so free them here
            # (a young-generation pass: only what this document allocated)
            gc.collect(0)
        elif self.table_rows:
            self._spool(pair).write(_document_row(doc_id, result) + "\n")
        else:
            return  # more than two sets: the table shows no per-document figures
        self.counts[id(pair)] += 1

    def rows(self, pair):
        """The spooled table rows of ``pair``, one by one (none if it has none)."""
        spool = self.files.get(id(pair))
        if spool is None:
            return
        spool.seek(0)
        for line in spool:
            yield line.rstrip("\n")

    def write_json(self, report) -> None:
        """``print_json(report.to_json())`` of the report with its per-document results, written in pieces."""
        import json

        value = report.to_json()
        marks = []
        for k, pair in enumerate(report.pairs):
            mark = f"\u0000documents {k}\u0000"
            value["pairs"][k]["documents"] = mark
            marks.append((json.dumps(mark), pair))
        text = json.dumps(value, ensure_ascii=False, indent=2)
        for mark, pair in marks:
            head, text = text.split(mark, 1)
            echo(head, nl=False)
            spool = self.files.get(id(pair))
            if spool is None:
                echo("{}", nl=False)
                continue
            echo("{", nl=False)
            spool.seek(0)
            while chunk := spool.read(1 << 16):
                echo(chunk, nl=False)
            echo(f"\n{_DOC_INDENT[:-2]}}}", nl=False)
        echo(text)


#: the indentation of a document's key in ``report.to_json()`` printed with indent 2 (report > pairs >
#: pair > documents)
_DOC_INDENT = " " * 8


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}"


def _coef(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _pair_table(pair) -> list[str]:
    overall = pair.overall
    lines = [f"{pair.a} vs {pair.b}: {overall.documents} document(s) compared", "",
             f"{'figure':<34} {'value':>7} {pair.a[:8]:>8} {pair.b[:8]:>8} {'matched':>8}"]
    for name, counts in overall.f1.items():
        lines.append(f"{_LABELS[name]:<34} {_pct(counts.f1):>7} {counts.a:>8} {counts.b:>8} {counts.matched:>8}")
    for name, pairs in overall.attribute_pairs.items():
        observed = sum(1 for a, b in pairs if a == b) / len(pairs) if pairs else None
        lines.append(f"{name + ' (Cohen kappa)':<34} {_coef(overall.kappa(name)):>7}   "
                     f"observed {_pct(observed)}% on {len(pairs)} matched event(s)")
    both = sum(1 for a, b in overall.type_units if a is not None and b is not None)
    lines.append(f"{'event type (Krippendorff alpha)':<34} {_coef(overall.event_type_alpha):>7}   "
                 f"{len(overall.type_units)} trigger unit(s), {both} marked by both")
    for name, (matched, equal) in overall.normalization.items():
        lines.append(f"{name + ' normalization agreement':<34} {_pct(equal / matched if matched else None):>7}   "
                     f"{equal} of {matched} matched argument(s) equal")
    lines += _coref_lines(pair)
    return lines


def _document_rows(pair, rows):
    """The per-document table of ``pair``: from ``rows`` (already formatted) or from ``pair.documents``."""
    found = iter(rows) if rows is not None else (_document_row(d, r) for d, r in pair.documents.items())
    first = next(found, None)
    if first is None:
        return
    yield ""
    yield "per document (F1 %; alpha on event type; CoNLL F1 % of hoppers and entities)"
    yield f"{'document':<28}" + "".join(f" {s:>6}" for s in _SHORT.values()) + f" {'alpha':>6} {'hopper':>6} {'entity':>6}"
    yield first
    yield from found


def _document_row(doc_id: str, result) -> str:
    cells = "".join(f" {_pct(result.f1[name].f1):>6}" for name in _SHORT)
    return (f"{doc_id[:28]:<28}{cells} {_coef(result.event_type_alpha):>6}"
            f" {_pct(result.event_coref.conll_f1):>6} {_pct(result.entity_coref.conll_f1):>6}")


def _coref_lines(pair) -> list[str]:
    overall = pair.overall
    a, b = pair.a[:8], pair.b[:8]
    lines = ["", f"{'coreference F1 (' + a + ' as key)':<34} {'MUC':>7} {'B3':>7} {'CEAF-e':>7} {'CoNLL':>7}"
                 f"   clusters {a}/{b}, items {a}/{b}/matched"]
    for name, label in _COREF.items():
        coref = getattr(overall, name)
        cells = "".join(f" {_pct(coref.scores[m].f1):>7}" for m in ("muc", "b_cubed", "ceaf_e"))
        lines.append(f"{label:<34}{cells} {_pct(coref.conll_f1):>7}   {coref.clusters_a}/{coref.clusters_b}, "
                     f"{coref.a}/{coref.b}/{coref.matched}")
    clusters = overall.event_clusters
    if clusters is not None:
        b3 = clusters.b_cubed
        lines.append(f"{'event clusters, corpus-wide (B3)':<34} {'':>7} {_pct(b3.f1):>7}   "
                     f"R {_pct(b3.recall)} P {_pct(b3.precision)}; {clusters.clusters_a}/{clusters.clusters_b} "
                     f"cluster(s), {clusters.matched} of {clusters.events_a}/{clusters.events_b} events matched")
    return lines


def _matrix(report, title: str, value) -> list[str]:
    width = max(8, *(len(name) for name in report.sets))
    lines = [title, " " * width + "".join(f" {name[:width]:>{width}}" for name in report.sets)]
    for a in report.sets:
        cells = []
        for b in report.sets:
            cells.append("" if a == b else value(report.pair(a, b)))
        lines.append(f"{a[:width]:<{width}}" + "".join(f" {c:>{width}}" for c in cells))
    return lines + [""]


def format_agreement(report) -> str:
    """The plain-text report: one table per pair for two sets, pairwise matrices for more."""
    return "\n".join(agreement_lines(report))


def agreement_lines(report, *, document_rows=None):
    """The lines of :func:`format_agreement`; ``document_rows(pair)``, when given, yields the per-document
    rows of a pair (spooled as they were computed) in place of ``pair.documents``."""
    lines: list[str] = []
    if len(report.sets) == 2:
        lines += _pair_table(report.pairs[0])
        yield from lines
        lines = []
        pair = report.pairs[0]
        yield from _document_rows(pair, document_rows(pair) if document_rows is not None else None)
    else:
        for name, label in _LABELS.items():
            lines += _matrix(report, label + " (%)", lambda p, n=name: _pct(p.overall.f1[n].f1))
        for name in report.pairs[0].overall.attribute_pairs:
            lines += _matrix(report, f"{name} (Cohen kappa)", lambda p, n=name: _coef(p.overall.kappa(n)))
        lines += _matrix(report, "event type (Krippendorff alpha)", lambda p: _coef(p.overall.event_type_alpha))
        for name, label in _COREF.items():
            lines += _matrix(report, f"{label}, CoNLL F1 (%)",
                             lambda p, n=name: _pct(getattr(p.overall, n).conll_f1))
        lines += _matrix(report, "event clusters, corpus-wide B3 F1 (%)",
                         lambda p: _pct(p.overall.event_clusters.b_cubed.f1 if p.overall.event_clusters else None))
        lines.append(f"event type, Krippendorff alpha over all {len(report.sets)} sets: "
                     f"{_coef(report.event_type_alpha_all)}")
        lines.append("(per-document figures: --format json)")
    if report.partial_documents:
        lines.append("")
        lines.append(f"{len(report.partial_documents)} document(s) not in every set, compared only where "
                     "both sets of a pair have them:")
        for doc_id, present in list(report.partial_documents.items())[:10]:
            lines.append(f"  {doc_id}: only in {', '.join(present)}")
        if len(report.partial_documents) > 10:
            lines.append(f"  ... and {len(report.partial_documents) - 10} more")
    yield from lines
