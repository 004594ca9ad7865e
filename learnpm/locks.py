"""One lock per account, so that a rule checked against the database still holds when the write comes.

A rule such as "a day holds at most 24 hours across all of a learner's projects" is checked by reading rows and
then written; two requests that both read before either writes would both pass. Every such rule takes the lock
of the account whose data it guards (`lock_accounts`) before it reads what it checks, and keeps it until the
request commits or rolls back, so that the second request reads what the first wrote.

- PostgreSQL: `SELECT ... FOR NO KEY UPDATE` on the account's `users` row. Only writers of the same account wait
  for each other; everyone else goes on. NO KEY rather than plain FOR UPDATE, because inserting a row that refers
  to the account (an hours entry, an audit line) takes a key-share lock on that same row: plain FOR UPDATE would
  make those inserts wait too, and two requests that each inserted first and locked second would deadlock. At
  the default READ COMMITTED level each statement after the lock sees what the previous holder committed.
- SQLite: `BEGIN IMMEDIATE`. SQLite has no row locks: one writer at a time holds the whole file. Taking that
  write lock before the rule's first read makes the read and the write one step, and the lock waits (up to the
  busy timeout) for the writer before to finish. A plain BEGIN would take it only at the first write, after the
  read, where SQLite can no longer wait and answers "database is locked". Python's sqlite3 itself opens a
  transaction only before the first INSERT, UPDATE or DELETE: when one is open, this request has written already
  and so holds the lock already.

A serialisable transaction that retries on conflict would serve as well, but every rule would need a retry loop
around code that also sends mail and flashes messages; a lock taken first needs none.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from learnpm.auth.models import User


def lock_accounts(session: Session, *user_ids: int) -> None:
    """Hold the write lock of these accounts' data until the transaction ends, and read afresh after it."""
    session.flush()
    connection = session.connection()
    # Rows read before the lock may have changed before it was granted: the next use of any of them reads it again.
    session.expire_all()
    if connection.dialect.name == "sqlite":
        if not connection.connection.driver_connection.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        # In id order, so that two requests locking the same two accounts cannot each hold one and wait for the other.
        # The lock reads the accounts' rows whole: the users it locks are fresh at once, not read again at first use.
        wanted = sorted(set(user_ids))
        session.scalars(select(User).where(User.id.in_(wanted)).order_by(User.id).with_for_update(key_share=True)).all()
