#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 Prospecta developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Measure SQLite's own share of an import: the B-tree work without Prospecta's code.

Copies the leads and search terms of a database that Prospecta imported into a new,
migrated database with SQL alone (no parsing, phones, binding or JSON), in one
transaction, with the import's page cache (128 MB), WAL and synchronous=FULL:

- "import order": the indexes stay in place and rows arrive in lead order, as the import
  writes them;
- "bulk order": the leads' secondary indexes are dropped, the rows copied, the indexes
  built again, and the search terms inserted in key order, as a bulk path would.

    build/prospecta --database /tmp/src.db user list
    build/prospecta --database /tmp/src.db import leads 1m.csv --region MX
    python3 bench/import/sqlite_floor.py --source /tmp/src.db --prospecta build/prospecta

Python's sqlite3 module uses the same system SQLite as Prospecta on Debian.
"""

import argparse
import os
import sqlite3
import subprocess
import tempfile
import time


def fresh_database(prospecta, path):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    # Any command creates and migrates the database, and `user list` changes nothing else.
    home = tempfile.mkdtemp(prefix="prospecta-floor-home-")
    subprocess.run([prospecta, "--database", path, "user", "list"], env=dict(os.environ, HOME=home),
                   capture_output=True, check=True)


def copy(source, target, bulk):
    db = sqlite3.connect(target, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA cache_size=-131072")
    db.execute("ATTACH ? AS src", (source,))
    indexes = db.execute("SELECT name, sql FROM sqlite_master WHERE tbl_name = 'leads' AND type = 'index' "
                         "AND sql IS NOT NULL").fetchall()
    steps = {}

    def timed(step, *statements):
        started = time.monotonic()
        for statement in statements:
            db.execute(statement)
        steps[step] = round(time.monotonic() - started, 2)

    started = time.monotonic()
    db.execute("BEGIN")
    if bulk:
        timed("drop indexes", *[f"DROP INDEX {name}" for name, _ in indexes])
    # The WHERE clause keeps SQLite from copying the table's pages whole (its transfer
    # optimization), which no import could do.
    timed("leads", "INSERT INTO leads SELECT * FROM src.leads WHERE id > 0 ORDER BY id")
    if bulk:
        timed("build indexes", *[sql for _, sql in indexes])
        timed("search terms", "INSERT INTO search_terms SELECT * FROM src.search_terms "
                              "WHERE lead_id > 0 ORDER BY term, lead_id, origin")
    else:
        timed("search terms", "INSERT INTO search_terms SELECT * FROM src.search_terms "
                              "WHERE lead_id > 0 ORDER BY lead_id")
    timed("commit", "COMMIT")
    timed("checkpoint", "PRAGMA wal_checkpoint(TRUNCATE)")
    steps["total"] = round(time.monotonic() - started, 2)
    db.close()
    return steps


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", required=True, help="a database Prospecta imported into")
    parser.add_argument("--prospecta", required=True, help="the prospecta executable, to migrate the copies")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", default=tempfile.gettempdir(), help="folder for the copies")
    args = parser.parse_args()

    source = sqlite3.connect(args.source)
    leads = source.execute("SELECT COUNT(*) FROM leads").fetchone()[0]
    terms = source.execute("SELECT COUNT(*) FROM search_terms").fetchone()[0]
    source.close()
    print(f"{leads} leads, {terms} search terms")
    for run in range(args.repeat):
        for bulk in (False, True):
            target = os.path.join(args.work, "floor-bulk.db" if bulk else "floor-import.db")
            fresh_database(args.prospecta, target)
            steps = copy(args.source, target, bulk)
            label = "bulk order" if bulk else "import order"
            print(f"run {run + 1}, {label}: " + ", ".join(f"{step} {seconds} s" for step, seconds in steps.items()),
                  flush=True)
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(target + suffix):
                    os.remove(target + suffix)


if __name__ == "__main__":
    main()
