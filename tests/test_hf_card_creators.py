"""The default dataset card's ``annotations_creators`` says what the corpus's own provenance says
(issue 12: the card said expert-generated while its prose, the corpus README, says an AI model made it)."""

from __future__ import annotations

import yaml

from conftest import REPO, build_sample_document


def _creators(card: str) -> list[str]:
    return yaml.safe_load(card.split("---")[1])["annotations_creators"]


def test_the_card_follows_the_corpus_readme(tmp_path):
    from annotate.formats.hf import export_hf
    from annotate.formats.hf_card import creators_from_readme

    readme = REPO / "corpus" / "README.md"
    assert "annotated by an AI model" in readme.read_text(encoding="utf-8")
    assert creators_from_readme(readme.read_text(encoding="utf-8")) == "machine-generated"
    assert creators_from_readme("Two linguists annotated every article; a third adjudicated.") is None
    source = tmp_path / "c.jsonl"
    source.write_text(build_sample_document().to_json() + "\n", encoding="utf-8")
    export_hf(tmp_path / "a", input=source, split="train=1", corpus_readme=readme)
    card = (tmp_path / "a" / "README.md").read_text(encoding="utf-8")
    assert _creators(card) == ["machine-generated"]
    assert "annotated by an AI model" in card  # the prose that the metadata now agrees with
    # an explicit value other than the default is kept as given
    export_hf(tmp_path / "b", input=source, split="train=1", corpus_readme=readme, annotations_creators="other")
    assert _creators((tmp_path / "b" / "README.md").read_text(encoding="utf-8")) == ["other"]
    # without a README saying otherwise, the default stays
    export_hf(tmp_path / "c", input=source, split="train=1")
    assert _creators((tmp_path / "c" / "README.md").read_text(encoding="utf-8")) == ["expert-generated"]
