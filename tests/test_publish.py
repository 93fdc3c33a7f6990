"""``annotate publish``: folder validation, the dry run, and clear exit-2 failures without a token or
network. The real Hub is never contacted: the endpoint is a closed local port, and the upload itself is
checked against a stand-in for ``huggingface_hub.HfApi``."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotate.errors import DataError, StorageError, UsageError
from annotate.publish import check_dataset_folder, plan_publish, publish

from conftest import run_annotate

CLOSED = "http://127.0.0.1:9"  # the discard port: nothing listens, connections are refused


@pytest.fixture(scope="module")
def export_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import build_sample_document

    root = tmp_path_factory.mktemp("publish")
    source = root / "gold.jsonl"
    source.write_text("".join(build_sample_document(f"doc-{i}").to_json() + "\n" for i in range(3)), encoding="utf-8")
    out = root / "dataset"
    done = run_annotate("export", "hf", str(out), "--input", str(source), "-q")
    assert done.returncode == 0, done.stderr.decode()
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    return out


def offline_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """No token anywhere (HF_HOME is empty), the endpoint a closed port, offline mode off."""
    env = {"HF_HOME": str(tmp_path / "hf-home"), "HF_ENDPOINT": CLOSED, "HF_HUB_OFFLINE": "0", "HF_TOKEN": "",
           "HUGGING_FACE_HUB_TOKEN": ""}
    env.update(extra)
    return env


def test_dry_run_lists_files_and_sizes(export_dir: Path, tmp_path: Path) -> None:
    done = run_annotate("publish", str(export_dir), "--repo-id", "my-org/events", "--dry-run", "--private",
                        env=offline_env(tmp_path))
    assert done.returncode == 0, done.stderr.decode()
    out = done.stdout.decode()
    assert f"{CLOSED}/datasets/my-org/events" in out and "private" in out
    for relative in ("README.md", "documents/train-00000-of-00001.parquet", "sentences/test-00000-of-00001.parquet"):
        size = (export_dir / relative).stat().st_size
        assert f"{size:,}  {relative}" in out
    assert ".git" not in out  # hidden files are never sent
    plan = plan_publish(export_dir, repo_id="my-org/events")
    assert [name for name, _ in plan.folder.files] == sorted(
        p.relative_to(export_dir).as_posix() for p in export_dir.rglob("*") if p.is_file() and ".git" not in p.parts)
    assert plan.folder.configs == ["documents", "sentences"]
    assert plan.delete_patterns == ["documents/*", "sentences/*"]


def test_without_a_token_it_fails_clearly(export_dir: Path, tmp_path: Path) -> None:
    done = run_annotate("publish", str(export_dir), "--repo-id", "my-org/events", env=offline_env(tmp_path))
    assert done.returncode == 2
    assert b"no Hugging Face token" in done.stderr and b"HF_TOKEN" in done.stderr
    assert b"Traceback" not in done.stderr


def test_without_network_it_fails_clearly(export_dir: Path, tmp_path: Path) -> None:
    done = run_annotate("publish", str(export_dir), "--repo-id", "my-org/events", "--token", "hf_not_a_real_token",
                        env=offline_env(tmp_path))
    assert done.returncode == 2
    assert b"cannot reach the Hub at http://127.0.0.1:9" in done.stderr
    assert b"Traceback" not in done.stderr
    via_env = run_annotate("publish", str(export_dir), "--repo-id", "my-org/events",
                           env=offline_env(tmp_path, HF_TOKEN="hf_not_a_real_token"))
    assert via_env.returncode == 2 and b"cannot reach the Hub" in via_env.stderr


def test_offline_mode_is_named(export_dir: Path, tmp_path: Path) -> None:
    done = run_annotate("publish", str(export_dir), "--repo-id", "my-org/events", "--token", "hf_x",
                        env=offline_env(tmp_path, HF_HUB_OFFLINE="1"))
    assert done.returncode == 2 and b"HF_HUB_OFFLINE" in done.stderr and b"Traceback" not in done.stderr


def test_folder_is_validated_before_anything_is_sent(export_dir: Path, tmp_path: Path) -> None:
    import shutil

    assert run_annotate("publish", str(tmp_path / "none"), "--repo-id", "a/b", "--dry-run").returncode == 2
    bad_id = run_annotate("publish", str(export_dir), "--repo-id", "no-namespace", "--dry-run")
    assert bad_id.returncode == 2 and b"ORG/NAME" in bad_id.stderr

    copy = tmp_path / "copy"
    shutil.copytree(export_dir, copy)
    (copy / "sentences" / "train-00000-of-00001.parquet").write_bytes(b"not parquet")
    with pytest.raises(DataError, match="not a readable Parquet file"):
        check_dataset_folder(copy)
    for name in ("train", "validation", "test"):
        (copy / "sentences" / f"{name}-00000-of-00001.parquet").unlink()
    done = run_annotate("publish", str(copy), "--repo-id", "a/b", "--dry-run")
    assert done.returncode == 1 and b"config 'sentences': no file matches" in done.stderr

    readme = copy / "README.md"
    readme.write_text("# no front matter\n", encoding="utf-8")
    with pytest.raises(DataError, match="no YAML front matter"):
        check_dataset_folder(copy)
    readme.write_text("---\nlicense: [unclosed\n---\n", encoding="utf-8")
    with pytest.raises(DataError, match="does not parse"):
        check_dataset_folder(copy)
    readme.unlink()
    with pytest.raises(DataError, match="no README.md"):
        check_dataset_folder(copy)


class FakeApi:
    """Records the calls ``publish`` makes on ``huggingface_hub.HfApi``."""

    calls: list = []

    def __init__(self, endpoint: str | None = None, token: str | None = None) -> None:
        self.calls.append(("init", endpoint, token))

    def create_repo(self, repo_id: str, **kwargs):
        self.calls.append(("create_repo", repo_id, kwargs))
        return f"{CLOSED}/datasets/{repo_id}"

    def upload_folder(self, **kwargs):
        self.calls.append(("upload_folder", kwargs))

        class Commit:
            commit_url = f"{CLOSED}/datasets/{kwargs['repo_id']}/commit/abc"

        return Commit()


def test_publish_creates_the_repo_then_uploads(export_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import huggingface_hub

    FakeApi.calls = []
    monkeypatch.setattr(huggingface_hub, "HfApi", FakeApi)
    monkeypatch.setenv("HF_ENDPOINT", CLOSED)
    result = publish(export_dir, repo_id="my-org/events", private=True, token="hf_test")
    assert [c[0] for c in FakeApi.calls] == ["init", "create_repo", "upload_folder"]
    assert FakeApi.calls[0] == ("init", CLOSED, "hf_test")
    assert FakeApi.calls[1] == ("create_repo", "my-org/events", {"repo_type": "dataset", "private": True, "exist_ok": True})
    upload = FakeApi.calls[2][1]
    assert upload["repo_type"] == "dataset" and upload["folder_path"] == str(export_dir)
    assert upload["delete_patterns"] == ["documents/*", "sentences/*"]
    assert ".*" in upload["ignore_patterns"]
    assert result.commit_url.endswith("/commit/abc")


def test_hub_errors_become_clear_messages(export_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import huggingface_hub
    from huggingface_hub.errors import HfHubHTTPError

    def failing(status: int):
        class Response:  # what HfHubHTTPError reads of an HTTP response (whichever HTTP library the hub uses)
            status_code = status
            headers: dict = {}
            url = f"{CLOSED}/api/repos/create"
            request = None

        class Api(FakeApi):
            def create_repo(self, repo_id: str, **kwargs):
                raise HfHubHTTPError(f"{status} Client Error: nope", response=Response())

        return Api

    monkeypatch.setattr(huggingface_hub, "HfApi", failing(401))
    with pytest.raises(UsageError, match="refused the token"):
        publish(export_dir, repo_id="my-org/events", token="hf_bad")
    monkeypatch.setattr(huggingface_hub, "HfApi", failing(500))
    with pytest.raises(StorageError, match="answered with an error"):
        publish(export_dir, repo_id="my-org/events", token="hf_bad")


def test_a_file_instead_of_the_folder_is_named_as_a_file(tmp_path: Path, sample_jsonl: Path) -> None:
    # It used to say "no such folder (create it with: annotate export hf FILE)", which would fail too.
    result = run_annotate("publish", str(sample_jsonl), "--repo-id", "a/b", "--dry-run")
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert f"{sample_jsonl}: is a file; expected the folder written by `annotate export hf OUT_DIR`" in err
    assert "no such folder" not in err and "Traceback" not in err
