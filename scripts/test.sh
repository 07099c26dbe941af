#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Prospecta developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds Prospecta (RelWithDebInfo) and runs every CTest suite, the storage suites against a
# throwaway PostgreSQL 15 server on 127.0.0.1 that this script starts and removes again.
# BUILD_DIR overrides the build folder (default: build/ in the source tree).
# Exits with ctest's status.
set -euo pipefail

source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-$source_dir/build}
cd "$source_dir"

"$source_dir/scripts/install-deps.sh"

# CI builds in a fresh clone in another folder: relative paths let ccache reuse objects
# compiled from the same sources elsewhere on this machine.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$source_dir}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-true}

cmake -S "$source_dir" -B "$build_dir" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
cmake --build "$build_dir" -j2

# --- Throwaway PostgreSQL server -------------------------------------------------------
# PostgreSQL refuses to run as root, so as root the cluster belongs to the postgres user.
if [[ $(id -u) -eq 0 ]]; then
    pg_user=postgres
    as_pg_user() { (cd "$pg_root" && runuser -u postgres -- "$@"); }
else
    pg_user=$(id -un)
    as_pg_user() { "$@"; }
fi

pg_bindir=/usr/lib/postgresql/15/bin
if [[ ! -x $pg_bindir/initdb ]]; then
    echo "test.sh: PostgreSQL 15 server programs are missing from $pg_bindir;" \
        "install the postgresql package (scripts/install-deps.sh does)." >&2
    exit 1
fi

pg_root=
pg_started=false
stop_postgres() {
    if [[ $pg_started == true ]]; then
        as_pg_user "$pg_bindir/pg_ctl" -D "$pg_root/data" -m immediate -w stop >/dev/null || true
    fi
    if [[ -n $pg_root ]]; then
        rm -rf "$pg_root"
    fi
}
trap stop_postgres EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

pg_root=$(mktemp -d "${TMPDIR:-/tmp}/prospecta-pg.XXXXXX")
if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$pg_root"
fi
as_pg_user "$pg_bindir/initdb" -D "$pg_root/data" --auth=trust --username="$pg_user" \
    --encoding=UTF8 --locale=C.UTF-8 >"$pg_root/initdb.log" ||
    { cat "$pg_root/initdb.log" >&2; exit 1; }

# Port 5432 may belong to Debian's own cluster: pick the first free port from 55432 up.
# A port taken between the probe and the start only moves the search to the next one.
pg_port=55432
while true; do
    rm -f "$pg_root/server.log"
    if (exec 3<>"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null; then
        pg_port=$((pg_port + 1))
    # fsync off: the cluster is deleted after the run, so durability buys nothing here.
    elif as_pg_user "$pg_bindir/pg_ctl" -D "$pg_root/data" -l "$pg_root/server.log" -w start \
        -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_root -c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
        >/dev/null; then
        pg_started=true
        break
    elif grep -q 'could not bind' "$pg_root/server.log" 2>/dev/null; then
        pg_port=$((pg_port + 1))
    else
        echo "test.sh: PostgreSQL did not start; its log follows." >&2
        cat "$pg_root/server.log" >&2 || true
        exit 1
    fi
    if ((pg_port > 55531)); then
        echo "test.sh: no free port for PostgreSQL between 55432 and 55531." >&2
        exit 1
    fi
done

as_pg_user "$pg_bindir/createdb" -h 127.0.0.1 -p "$pg_port" -U "$pg_user" prospecta_test

export PROSPECTA_TEST_PG_URL="postgresql://$pg_user@127.0.0.1:$pg_port/prospecta_test"
export PROSPECTA_REQUIRE_PG=1
echo "test.sh: PostgreSQL $("$pg_bindir/postgres" --version | awk '{print $3}') at $PROSPECTA_TEST_PG_URL"

# --- Tests ------------------------------------------------------------------------------
status=0
ctest --test-dir "$build_dir" -j2 --output-on-failure --timeout 600 || status=$?
exit "$status"
