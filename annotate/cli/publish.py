"""``annotate publish OUT_DIR --repo-id ORG/NAME``: upload an exported dataset folder to the Hugging Face Hub."""


from pathlib import Path
from typing import Annotated, Optional

import typer

from ._app import app
from .common import echo


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


@app.command("publish")
def publish_cli(
    out_dir: Annotated[Path, typer.Argument(help="Folder written by `annotate export hf`.")],
    repo_id: Annotated[str, typer.Option("--repo-id", help="Dataset repository on the Hub, ORG/NAME.")],
    private: Annotated[bool, typer.Option("--private", help="Create the repository as private.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate and list what would be sent; no network.")] = False,
    token: Annotated[Optional[str], typer.Option(
        "--token", help="Hub token with write access (default: HF_TOKEN or the cached `hf auth login`).",
        show_default=False)] = None,
) -> None:
    """Upload a dataset folder to the Hugging Face Hub: create the dataset repository if needed, then
    upload the card and the Parquet files. Exit 2 without a token or network."""
    from annotate.publish import plan_publish, publish

    if dry_run:
        plan = plan_publish(out_dir, repo_id=repo_id, private=private)
        echo(f"Dry run: would upload {len(plan.folder.files)} file(s), {_size(plan.folder.total_bytes)}, "
             f"to the {'private' if private else 'public'} dataset {plan.url}")
        echo(f"configurations: {', '.join(plan.folder.configs)}")
        for relative, size in plan.folder.files:
            echo(f"  {size:>12,}  {relative}")
        echo(f"remote files under {', '.join(plan.delete_patterns)} that are not in this upload would be deleted")
        return
    result = publish(out_dir, repo_id=repo_id, private=private, token=token)
    echo(f"Published {len(result.plan.folder.files)} file(s), {_size(result.plan.folder.total_bytes)}, "
         f"to {result.repo_url}")
    if result.commit_url:
        echo(f"commit: {result.commit_url}")
