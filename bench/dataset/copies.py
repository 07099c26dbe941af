# SPDX-FileCopyrightText: 2026 Prospecta developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers shared by the benchmark scripts that run Prospecta on a copy of the data set:
a free port, a fresh environment, the copy and its preparation, the benchmark user."""

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time

EMAIL = "bench@example.com"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(home):
    env = dict(os.environ)
    env.update({"HOME": home, "QT_QPA_PLATFORM": "offscreen", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8",
                "XDG_CONFIG_HOME": os.path.join(home, ".config"),
                "XDG_DATA_HOME": os.path.join(home, ".local", "share"),
                "XDG_RUNTIME_DIR": os.path.join(home, "runtime")})
    os.makedirs(env["XDG_RUNTIME_DIR"], mode=0o700, exist_ok=True)
    return env


def copy_database(source, target):
    """Copy the SQLite file and its WAL, if any. SQLite rebuilds the shared-memory file on open."""
    started = time.monotonic()
    shutil.copyfile(source, target)
    if os.path.exists(source + "-wal"):
        shutil.copyfile(source + "-wal", target + "-wal")
    # The copy's dirty pages go to disk now, not during the measurement.
    os.sync()
    size = os.path.getsize(target) + (os.path.getsize(target + "-wal") if os.path.exists(target + "-wal") else 0)
    print(f"copied {source} ({size / 1e9:.2f} GB) in {time.monotonic() - started:.1f} s", file=sys.stderr)


def prepare_copy(database, unanswered, without_statistics):
    """Adjust the copy of the data set before the runs.

    Unless `unanswered`, every conversation's AI cursor moves to its newest message, as on
    an installation whose AI agents have kept up. generate.py leaves every conversation
    with unanswered lead messages, and at each start the service then runs an AI turn for
    every one of them on its only thread, which delays the login and every write for
    minutes. With `without_statistics`, the planner statistics that generate.py's ANALYZE
    wrote are deleted, because Prospecta never runs ANALYZE: its own databases plan
    their queries without them."""
    started = time.monotonic()
    db = sqlite3.connect(database, isolation_level=None)
    db.execute("BEGIN")
    if not unanswered:
        db.execute("UPDATE conversations SET ai_cursor = (SELECT COALESCE(MAX(m.id), 0) FROM messages m "
                   "WHERE m.conversation_id = conversations.id)")
    if without_statistics and db.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone()[0]:
        db.execute("DELETE FROM sqlite_stat1")
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    print(f"prepared the copy in {time.monotonic() - started:.1f} s", file=sys.stderr)


def add_user(prospecta, database, env, password):
    completed = subprocess.run(
        [prospecta, "--database", database, "user", "add", "--email", EMAIL, "--name", "Benchmark", "--role",
         "admin"], input=password + "\n", env=env, capture_output=True, text=True)
    if completed.returncode != 0:
        sys.exit(f"run.py: `prospecta user add` failed with exit code {completed.returncode}: "
                 f"{completed.stderr.strip()}")


def add_copy_options(parser):
    """Add the options that decide how the copy of the data set is prepared."""
    parser.add_argument("--unanswered", action="store_true",
                        help="leave the data set's conversations unanswered, as generate.py makes them, instead "
                             "of moving the AI cursors to the newest messages")
    parser.add_argument("--without-statistics", action="store_true",
                        help="delete the planner statistics (sqlite_stat1) that generate.py's ANALYZE wrote, as in "
                             "databases that Prospecta itself creates")


def built_programs(build_dir):
    """Return the paths of prospecta and desktop_bench in `build_dir`, or exit naming the missing one."""
    prospecta = os.path.join(build_dir, "prospecta")
    bench = os.path.join(build_dir, "bench", "desktop", "desktop_bench")
    for program in (prospecta, bench):
        if not os.access(program, os.X_OK):
            sys.exit(f"run.py: {program} not found; build the project or pass --build-dir")
    return prospecta, bench


def remove_work(work, keep):
    """Delete the work directory (copies of the data set, HOMEs) unless `keep`."""
    if keep:
        print(f"kept {work}", file=sys.stderr)
    else:
        shutil.rmtree(work, ignore_errors=True)
