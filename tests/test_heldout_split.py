"""The held-out benchmark's split of RAMS's test windows: fixed, by document, both parts with every type."""

from __future__ import annotations

from collections import Counter

from benchmarks import heldout


def test_the_split_is_by_document_fixed_and_stratified():
    split = heldout.split()
    dev, test = heldout.gold_documents("dev"), heldout.gold_documents("test")
    assert {d.id for d in dev} | {d.id for d in test} == set(split)
    assert not {heldout.document_key(d.id) for d in dev} & {heldout.document_key(d.id) for d in test}
    assert (len(dev), len(test)) == (95, 96)  # changing the seed or the data would leak test windows
    for part in (dev, test):
        types = Counter(e.type for d in part for e in d.events)
        assert set(types) == {"Statement", "Agreement", "Loan"}
    assert set(heldout.positions("test")) == {d.id for d in test}


def test_errors_are_never_listed_for_the_test_part(capsys):
    import pytest

    with pytest.raises(SystemExit) as stop:
        heldout.main(["test", "--errors"])
    assert "never read" in str(stop.value)
