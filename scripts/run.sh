#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Prospecta developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs what is missing, builds Prospecta (Release) into build/ and starts it: the GUI
# when a display is available, otherwise the headless server. Arguments are passed to
# prospecta; a subcommand (scripts/run.sh integration show gupshup) runs as given, since
# the command line never needs a display.
set -euo pipefail

source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=$source_dir/build
cd "$source_dir"

"$source_dir/scripts/install-deps.sh"

export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$source_dir}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-true}
cmake -S "$source_dir" -B "$build_dir" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
cmake --build "$build_dir" --target prospecta

if [[ $# -gt 0 && $1 != -* ]]; then
    exec "$build_dir/prospecta" "$@"
elif [[ -n ${DISPLAY:-} || -n ${WAYLAND_DISPLAY:-} ]]; then
    exec "$build_dir/prospecta" "$@"
else
    echo "run.sh: no DISPLAY or WAYLAND_DISPLAY, starting the headless server" >&2
    exec "$build_dir/prospecta" --headless "$@"
fi
