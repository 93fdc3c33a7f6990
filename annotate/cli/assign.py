"""``annotate assign``: make or extend the team's assignment plan ``CORPUS/assignments.json``."""


from typing import Annotated, Optional

import typer

from ._app import app
from .common import DEFAULT_CORPUS_PATH, CorpusOption, echo


@app.command("assign")
def assign_cli(
    annotators: Annotated[Optional[str], typer.Option(
        "--annotators", help="Comma-separated annotator names (NAME,NAME,...); needed for a new plan, "
        "adds the new names to an existing one.")] = None,
    overlap: Annotated[Optional[float], typer.Option(
        "--overlap", help="Fraction of the documents annotated by two people, for agreement (0 to 1; default: "
        "the plan's, else 0).")] = None,
    seed: Annotated[Optional[int], typer.Option("--seed", help="Seed of the deterministic choice (default: the "
                                                "plan's, else 0).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be assigned; write nothing.")] = False,
    corpus: CorpusOption = DEFAULT_CORPUS_PATH,
) -> None:
    """Give every article of the corpus its annotators, in CORPUS/assignments.json (plain JSON, one line
    per document, for review in a pull request). Deterministic given the seed; re-running after adding
    articles or annotators extends the plan and never reshuffles what was assigned."""
    from annotate.errors import UsageError
    from annotate.team.plan import assign, plan_path

    names = None
    if annotators is not None:
        names = [name.strip() for name in annotators.split(",") if name.strip()]
        if not names:
            raise UsageError("--annotators: give NAME,NAME,...")
        if len(set(names)) != len(names):
            raise UsageError("--annotators: a name is given twice")
    extension = assign(corpus, annotators=names, overlap=overlap, seed=seed, dry_run=dry_run)
    plan = extension.plan
    new = set(extension.new_documents)
    for doc_id in extension.new_documents:
        echo(f"{doc_id}: {', '.join(plan.documents[doc_id])}")
    load = plan.load()
    verb = "would assign" if dry_run else "assigned"
    echo(f"{verb} {len(new)} new document(s)" + (f" ({len(extension.new_overlap)} to two annotators)" if new else "")
         + (f"; new annotator(s): {', '.join(extension.new_annotators)}" if extension.new_annotators else ""))
    echo(f"plan: {len(plan.documents)} document(s), {len(plan.overlap_documents())} double-annotated "
         f"(overlap {plan.overlap:g}, seed {plan.seed}); " + ", ".join(f"{n} {c}" for n, c in load.items()))
    if not dry_run:
        echo(f"{'wrote' if extension.written else 'unchanged:'} {plan_path(corpus)}")
