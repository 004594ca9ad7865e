"""The description rubric file: the shipped one loads, broken ones are refused with the file and the reason."""

from __future__ import annotations

import pytest

from learnpm.reviews.rubrics import RubricError, description_rubric, load_rubric


def test_the_shipped_description_rubric_has_levels_weakest_first():
    rubric = description_rubric()
    assert [c.id for c in rubric.criteria] == ["objective", "role", "coverage", "outcome", "plain"]
    assert all(len(c.levels) == 3 for c in rubric.criteria)
    assert "No outcome" in rubric.criteria[3].levels[0]


@pytest.mark.parametrize(("body", "reason"), [
    ("id: r\ntitle: T\nprompt: P\ncriteria:\n  - {id: a, criterion: A, levels: [x, y]}\n"
     "  - {id: a, criterion: B, levels: [x, y]}\n", "its own id"),
    ("id: r\ntitle: T\nprompt: P\ncriteria:\n  - {id: a, criterion: A, levels: [only]}\n", "criteria.0.levels"),
    ("id: r\ntitle: T\nprompt: P\nhint: extra\ncriteria:\n  - {id: a, criterion: A, levels: [x, y]}\n", "hint"),
    ("id: r\ntitle: T\ntitle: U\nprompt: P\ncriteria: []\n", "title"),
])
def test_a_broken_rubric_names_the_file_and_the_problem(tmp_path, body, reason):
    path = tmp_path / "broken.yaml"
    path.write_text(body)
    with pytest.raises(RubricError, match=rf"broken\.yaml: .*{reason}"):
        load_rubric(path)
