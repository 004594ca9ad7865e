"""The lock a rule takes on an account's data: fresh reads after it, on a transaction that has written or not."""

from sqlalchemy import func, select

from learnpm.auth.models import User
from learnpm.locks import lock_accounts
from learnpm.verification.models import AuditEvent


def test_what_was_read_before_the_lock_is_read_again_after_it(app, make_user):
    user = make_user(name="Before")
    reader, writer = app.extensions["learnpm.sessionmaker"](), app.extensions["learnpm.sessionmaker"]()
    assert reader.get(User, user.id).display_name == "Before"
    writer.get(User, user.id).display_name = "After"
    writer.commit()
    lock_accounts(reader, user.id)
    assert reader.get(User, user.id).display_name == "After"
    reader.close()
    writer.close()


def test_a_request_that_has_written_already_can_still_take_the_lock(app, make_user):
    user = make_user()
    session = app.extensions["learnpm.sessionmaker"]()
    session.add(AuditEvent(learner_id=user.id, actor="test", action="wrote before locking"))
    session.flush()  # on SQLite this opens the write transaction that the lock would otherwise begin
    lock_accounts(session, user.id, user.id)
    session.commit()
    assert session.scalar(select(func.count(AuditEvent.id))) == 1
    session.close()
