"""The schema comes from migrations and matches the models; each backend is set up as learnpm needs."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from learnpm.db import Base, get_engine
from learnpm.migrate import current_revision, head_revision


def test_the_migrated_schema_matches_the_models(app):
    with get_engine(app).connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == [], "a model changed without a migration: run `learnpm db revision -m ...`"


def test_the_database_is_at_the_newest_revision(app):
    assert current_revision(get_engine(app)) == head_revision()


def test_sqlite_enforces_foreign_keys_and_uses_wal(app):
    engine = get_engine(app)
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 15000


def test_a_read_past_the_orm_sees_what_the_session_has_not_yet_flushed_and_answers_as_the_orm_would(app, make_user):
    from datetime import date

    from sqlalchemy import func, select

    from learnpm.db import get_session, read
    from learnpm.experience.models import Course

    user = make_user()
    with app.app_context():
        session = get_session()
        session.add(Course(user_id=user.id, title="Scrum basics", provider="Night school", hours=12,
                           start_month=date(2026, 1, 1), end_month=date(2026, 2, 1)))
        query = select(Course.title, func.sum(Course.hours)).where(Course.user_id == user.id).group_by(Course.title)
        assert [tuple(row) for row in read(session, query)] == [tuple(row) for row in session.execute(query)]
        assert read(session, query).one()[0] == "Scrum basics"
        session.rollback()
        assert read(session, query).all() == []
