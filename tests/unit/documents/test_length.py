"""A document long to wait for is told from its count of entries alone, with about how many pages it prints."""

from __future__ import annotations

import pytest

from learnpm.documents.core.length import already_preparing_message, entries_length, pages_for


@pytest.mark.parametrize(
    ("entries", "long"),
    [
        (0, False),  # nothing to print: refused as empty, at once
        (1, False),
        (250, False),  # the threshold itself still downloads while the learner waits
        (251, True),
        (1234, True),
        (3000, True),  # the most a transcript prints
        (3001, False),  # refused at once: choose a shorter period
    ],
)
def test_a_document_is_long_past_its_threshold_and_up_to_the_most_it_prints(entries, long):
    assert entries_length(entries, 250, 3000).long is long


@pytest.mark.parametrize(
    ("entries", "pages"),
    [(0, 1), (1, 2), (20, 2), (21, 3), (250, 14), (1234, 63), (3000, 151)],
)
def test_the_pages_are_the_totals_then_a_page_for_each_twenty_entries(entries, pages):
    assert pages_for(entries) == pages


def test_the_message_says_how_many_entries_and_pages_and_why_it_is_prepared_in_the_background():
    message = entries_length(1234, 250, 3000).background_message("Hours transcript")
    assert message.startswith("This hours transcript holds 1,234 entries, about 63 pages: it is being prepared in "
                              "the background")
    assert "You may leave this page" in message


def test_asking_again_says_the_same_one_is_under_way():
    assert "already being prepared" in already_preparing_message("Hours transcript")
    assert "Nothing new was started" in already_preparing_message("Hours transcript")
