"""Publishing an exported dataset folder to the Hugging Face Hub.

:func:`check_dataset_folder` validates the folder (a ``README.md`` whose YAML front matter declares
configurations whose data files exist and are readable Parquet); :func:`plan_publish` lists what would
be sent (``--dry-run``, no network); :func:`publish` creates the dataset repository if needed and
uploads the folder with ``huggingface_hub``. Every failure (no token, offline, network, refused by the
Hub) is a :class:`~annotate.errors.UsageError` or :class:`~annotate.errors.StorageError` with a clear
message. ``huggingface_hub`` is imported only when uploading.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import DataError, StorageError, UsageError

#: Patterns (fnmatch on paths relative to the folder) never uploaded: hidden files and folders
#: (.git, .cache, editor files, leftovers of an interrupted export).
IGNORE_PATTERNS = [".*", "*/.*"]


@dataclass
class DatasetFolder:
    """A validated export folder."""

    path: Path
    card: dict[str, Any]
    configs: list[str]
    files: list[tuple[str, int]] = field(default_factory=list)  # (relative path, bytes), sorted
    data_patterns: list[str] = field(default_factory=list)  # the configs' data_files patterns

    @property
    def total_bytes(self) -> int:
        return sum(size for _, size in self.files)


@dataclass
class PublishPlan:
    """What :func:`publish` sends: the folder, where, and how."""

    folder: DatasetFolder
    repo_id: str
    private: bool
    endpoint: str

    @property
    def url(self) -> str:
        return f"{self.endpoint.rstrip('/')}/datasets/{self.repo_id}"

    @property
    def delete_patterns(self) -> list[str]:
        """Remote files of the configurations that the upload does not replace are deleted (a stale
        shard would otherwise be loaded with the new ones)."""
        folders = sorted({pattern.rsplit("/", 1)[0] for pattern in self.folder.data_patterns if "/" in pattern})
        return [f"{folder}/*" for folder in folders]


@dataclass
class PublishResult:
    plan: PublishPlan
    repo_url: str
    commit_url: str | None


def _ignored(relative: str) -> bool:
    return any(fnmatch.fnmatch(relative, pattern) for pattern in IGNORE_PATTERNS)


def read_front_matter(readme: Path) -> dict[str, Any]:
    """The YAML front matter of a dataset card. Raises DataError when it is missing or malformed."""
    import yaml

    try:
        text = readme.read_text(encoding="utf-8")
    except OSError as exc:
        raise StorageError(f"{readme}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError:
        raise DataError("not UTF-8", file=readme) from None
    if not text.startswith("---\n"):
        raise DataError("the dataset card has no YAML front matter (it must start with a '---' line)", file=readme)
    end = text.find("\n---\n", 4)
    if end == -1 and text.endswith("\n---"):
        end = len(text) - 4
    if end == -1:
        raise DataError("the YAML front matter is not closed by a '---' line", file=readme)
    try:
        meta = yaml.safe_load(text[4:end + 1])
    except yaml.YAMLError as exc:
        raise DataError(f"the YAML front matter does not parse: {exc}", file=readme) from None
    if not isinstance(meta, dict):
        raise DataError("the YAML front matter is not a mapping", file=readme)
    return meta


def check_dataset_folder(out_dir: str | Path) -> DatasetFolder:
    """Validate an export folder before upload.

    It needs ``README.md`` with front matter naming a license and ``configs``, each with
    ``data_files`` whose patterns match readable Parquet files. Raises UsageError (not a folder),
    DataError (a card or data file that would not load) or StorageError.
    """
    import pyarrow.parquet as pq

    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: is a file; expected the folder written by `annotate export hf OUT_DIR`")
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such folder (create it with: annotate export hf {folder})")
    readme = folder / "README.md"
    if not readme.is_file():
        raise DataError("no README.md dataset card (export with: annotate export hf)", file=folder)
    card = read_front_matter(readme)
    if not card.get("license"):
        raise DataError("the dataset card names no license", file=readme, field="license")
    configs = card.get("configs")
    if not isinstance(configs, list) or not configs:
        raise DataError("the dataset card declares no configs", file=readme, field="configs")

    files: list[tuple[str, int]] = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and not _ignored(relative):
            files.append((relative, path.stat().st_size))
    names = [relative for relative, _ in files]

    config_names, data_patterns = [], []
    for config in configs:
        name = config.get("config_name") if isinstance(config, dict) else None
        data_files = config.get("data_files") if isinstance(config, dict) else None
        if not isinstance(name, str) or not isinstance(data_files, list) or not data_files:
            raise DataError("each config needs a config_name and data_files", file=readme, field="configs")
        config_names.append(name)
        for entry in data_files:
            patterns = entry.get("path") if isinstance(entry, dict) else entry
            for pattern in [patterns] if isinstance(patterns, str) else list(patterns or []):
                data_patterns.append(pattern)
                matched = [n for n in names if fnmatch.fnmatch(n, pattern)]
                if not matched:
                    raise DataError(f"config {name!r}: no file matches {pattern!r}", file=readme,
                                    field="configs")
                for relative in matched:
                    if relative.endswith(".parquet"):
                        try:
                            pq.read_metadata(folder / relative)
                        except Exception as exc:  # pyarrow raises several types for a corrupt file
                            raise DataError(f"not a readable Parquet file: {exc}", file=folder / relative) from None
    return DatasetFolder(path=folder, card=card, configs=config_names, files=files, data_patterns=data_patterns)


def _endpoint() -> str:
    import os

    return os.environ.get("HF_ENDPOINT", "https://huggingface.co").rstrip("/")


def plan_publish(out_dir: str | Path, *, repo_id: str, private: bool = False) -> PublishPlan:
    """Validate ``out_dir`` and ``repo_id`` and say what would be uploaded. No network."""
    _check_repo_id(repo_id)
    return PublishPlan(folder=check_dataset_folder(out_dir), repo_id=repo_id, private=private,
                       endpoint=_endpoint())


def _check_repo_id(repo_id: str) -> None:
    from huggingface_hub.errors import HFValidationError
    from huggingface_hub.utils import validate_repo_id

    if repo_id.count("/") != 1:
        raise UsageError(f"--repo-id {repo_id!r}: expected ORG/NAME (your user name or an organization, "
                         "then the dataset name)")
    try:
        validate_repo_id(repo_id)
    except HFValidationError as exc:
        raise UsageError(f"--repo-id {repo_id!r}: {exc}") from None


def publish(out_dir: str | Path, *, repo_id: str, private: bool = False, token: str | None = None,
            commit_message: str | None = None) -> PublishResult:
    """Create the dataset repository ``repo_id`` if needed and upload the folder ``out_dir``.

    ``token`` defaults to ``HF_TOKEN`` or the cached login (``hf auth login``). Hidden files are not
    sent; remote files under the configurations' folders that this upload does not contain are deleted.
    Raises UsageError (no token, bad repo id, token rejected), StorageError (offline, network, Hub
    error) or DataError (the folder would not load).
    """
    plan = plan_publish(out_dir, repo_id=repo_id, private=private)
    import huggingface_hub
    from huggingface_hub import HfApi
    from huggingface_hub.errors import HfHubHTTPError, OfflineModeIsEnabled

    token = token or huggingface_hub.get_token()
    if not token:
        raise UsageError("no Hugging Face token: set HF_TOKEN, log in with `hf auth login`, or pass --token")
    api = HfApi(endpoint=plan.endpoint, token=token)
    try:
        repo = api.create_repo(repo_id, repo_type="dataset", private=private, exist_ok=True)
        commit = api.upload_folder(
            repo_id=repo_id, repo_type="dataset", folder_path=str(plan.folder.path),
            commit_message=commit_message or "Upload dataset exported by eventgold (annotate export hf)",
            ignore_patterns=IGNORE_PATTERNS, delete_patterns=plan.delete_patterns,
        )
    except OfflineModeIsEnabled:
        raise StorageError("cannot publish while offline mode is on (HF_HUB_OFFLINE=1); unset it") from None
    except HfHubHTTPError as exc:
        status = getattr(getattr(exc, "response", None), "status_code", None)
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if status in (401, 403):
            raise UsageError(f"the Hub refused the token for {repo_id} ({status}): check that it has write "
                             f"access (hf auth login); {first_line}") from None
        raise StorageError(f"the Hub at {plan.endpoint} answered with an error: {first_line}") from None
    except Exception as exc:  # network failures: httpx/requests errors, OSError, timeouts
        if not _is_network_error(exc):
            raise
        raise StorageError(f"cannot reach the Hub at {plan.endpoint}: {_describe(exc)} "
                           "(check the network, or HF_ENDPOINT)") from None
    return PublishResult(plan=plan, repo_url=str(repo), commit_url=getattr(commit, "commit_url", None))


def _is_network_error(exc: BaseException) -> bool:
    if isinstance(exc, (OSError, TimeoutError, ConnectionError)):
        return True
    module = type(exc).__module__ or ""
    return module.startswith(("httpx", "httpcore", "requests", "urllib3", "aiohttp"))


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


__all__ = ["DatasetFolder", "IGNORE_PATTERNS", "PublishPlan", "PublishResult", "check_dataset_folder",
           "plan_publish", "publish", "read_front_matter"]
