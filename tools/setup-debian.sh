#!/bin/sh
# Installs what liblockcheck needs to build and test on Debian 12 (run as root, or
# with sudo available).  Why each one: README, "Dependencies".
set -e
PKGS="build-essential clang pkg-config libunwind-dev uthash-dev libcriterion-dev libcjson-dev
      cmake meson debhelper lintian
      libdw-dev libelf-dev libc6-dbg graphviz libxml2-utils python3-jsonschema
      xz-utils linux-source-6.1"
missing=""
for p in $PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
[ -z "$missing" ] && exit 0
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
