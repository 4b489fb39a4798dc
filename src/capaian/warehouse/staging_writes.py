"""One writer of staging at a time, so that load times follow commit order.

The incremental dbt models take in the staging rows loaded after their watermark: the newest
``loaded_at`` they have already seen. That is only right if a row that becomes visible later
never carries an earlier ``loaded_at`` than rows a build has seen. Without care it could: a
big file whose load began first but committed last (an ingest DAG and the nightly loading at
the same time, or a news feed and a branch report) would stamp its rows with its start time,
older than the watermark a build took in between, and no incremental build would ever see it.

So every loader takes this lock (transaction-scoped: released at commit or rollback) before
it writes staging, and ``loaded_at`` is the time of the statement that writes the row (its
column default, migration 0013), which is after the lock was granted. The rows of the
transaction holding the lock are therefore newer than every committed row, and invisible
until it commits: a watermark never passes them. Loaders wait for each other only while
writing; reading files and extracting facts happen outside the lock.
"""

from __future__ import annotations

# Any constant works; it only has to be the same for every Capaian process ("CAPS").
_STAGING_WRITE_LOCK = 0x43415053


def lock_staging_for_writing(conn) -> None:
    """Wait until no other transaction writes staging; hold the lock until this one ends."""
    conn.execute("select pg_advisory_xact_lock(%s)", (_STAGING_WRITE_LOCK,))
