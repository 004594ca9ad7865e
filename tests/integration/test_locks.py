"""The lock a rule takes on an account's data: fresh reads after it, on a transaction that has written or not."""

from sqlalchemy import event, func, select

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


def test_the_locked_account_is_read_afresh_by_the_lock_on_postgresql_and_at_first_use_on_sqlite(app, make_user):
    user = make_user(name="Before")
    reader, writer = app.extensions["learnpm.sessionmaker"](), app.extensions["learnpm.sessionmaker"]()
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    try:
        held = reader.get(User, user.id)
        writer.get(User, user.id).display_name = "After"
        writer.commit()
        event.listen(reader.get_bind(), "before_cursor_execute", listener)
        lock_accounts(reader, user.id)
        assert held.display_name == "After"
    finally:
        event.remove(reader.get_bind(), "before_cursor_execute", listener)
        reader.close()  # even when an assertion failed: the lock would keep the next test from emptying the tables
        writer.close()
    # SQLite's lock is a BEGIN IMMEDIATE, after which the account is read at its first use; PostgreSQL's lock is a
    # SELECT of the account's row, which reads it then and there.
    assert len(statements) == (2 if reader.get_bind().dialect.name == "sqlite" else 1), statements
