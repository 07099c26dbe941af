#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Prospecta developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the Debian 12 packages needed to build, test and run Prospecta.
# Packages that are already installed are skipped, so a second run takes seconds.
# apt-get runs directly as root, otherwise through sudo.
set -euo pipefail

packages=(
    # Build tools.
    cmake ninja-build g++ ccache pkg-config
    # Qt 6.4 and the libraries the core links.
    qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev
    libqt6opengl6-dev libqt6sql6-sqlite libqt6sql6-psql qt6-charts-dev
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    libsodium-dev libssl-dev libphonenumber-dev
    # SQLite's headers, for a storage test that counts the steps of a query.
    libsqlite3-dev
    # Qt's own Spanish strings (qtbase_es.qm) for its dialogs.
    qt6-translations-l10n
    # GUI tests and screenshots without a desktop; emoji in conversations.
    xvfb xauth fonts-noto-color-emoji
    # The PostgreSQL 15 server that scripts/test.sh starts for the storage tests.
    postgresql
)

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
    if [[ $status != installed ]]; then
        missing+=("$package")
    fi
done

if ((${#missing[@]} == 0)); then
    echo "install-deps: all ${#packages[@]} packages are already installed"
    exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
else
    echo "install-deps: these packages are missing: ${missing[*]}" >&2
    echo "install-deps: installing them needs root, and sudo is not installed." >&2
    echo "install-deps: run this script as root, or install sudo and allow your user to use it." >&2
    exit 1
fi

if ((${#as_root[@]} > 0)) && ! sudo -v; then
    echo "install-deps: sudo failed; installing ${missing[*]} needs root." >&2
    echo "install-deps: run this script as root, or as a user that may use sudo." >&2
    exit 1
fi

apt_get() {
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "$@"
}

# A new machine may have empty package lists, so they are fetched first. Otherwise
# apt-get update runs only when an install fails, which an outdated list can cause.
if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
    echo "install-deps: the apt package lists are empty, running apt-get update"
    apt_get update
fi

echo "install-deps: installing ${missing[*]}"
if ! apt_get install -y "${missing[@]}"; then
    echo "install-deps: apt-get install failed, running apt-get update and trying again"
    apt_get update
    apt_get install -y "${missing[@]}"
fi
