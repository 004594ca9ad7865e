"""The words of notification mail and when a weekly digest is due."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from learnpm.notifications.kinds import Item, digest_due, digest_mail, message_mail

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)


def item(text: str, hours_ago: int, kind: str = "review_done") -> Item:
    return Item(kind, text, f"https://learnpm.example/reviews/{hours_ago}", NOW - timedelta(hours=hours_ago))


@pytest.mark.parametrize(("last", "due"), [
    (None, True),                                  # never sent: the first digest goes at once
    (NOW - timedelta(days=7), True),
    (NOW - timedelta(days=6, hours=12), True),     # a cron run a little early still counts as a week
    (NOW - timedelta(days=6, hours=11), False),
    (NOW - timedelta(hours=1), False),
])
def test_a_digest_goes_once_a_week(last, due):
    assert digest_due(last, NOW) is due


def test_the_digest_lists_each_item_newest_first_with_its_link():
    subject, body = digest_mail("Ana", [item("Old news.", 100), item("Meg signed off your answer.", 2)],
                                "https://learnpm.example/notifications/")
    assert subject == "Your week on learnpm: 2 waiting for you"
    assert body.index("Meg signed off your answer.") < body.index("Old news.")
    assert "https://learnpm.example/reviews/2" in body and "Hello Ana," in body
    assert "https://learnpm.example/notifications/" in body


def test_one_item_is_not_plural():
    _subject, body = digest_mail("Ana", [item("Meg signed off your answer.", 2)], "u")
    assert "1 thing happened" in body


def test_a_long_text_is_cut_at_a_word_in_the_subject_but_whole_in_the_body():
    text = "Maria Lopez answered “Verified with an adjustment” for your project “Riverside Animal Shelter adoption days”."
    subject, body = message_mail("Ana", item(text, 1, "verification_answered"), "u")
    assert subject.startswith("Verification answered: Maria Lopez answered") and subject.endswith("…")
    assert len(subject) < len("Verification answered: ") + 72
    assert text in body
