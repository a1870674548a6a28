#!/usr/bin/env bash
# Install every Debian 12 package glyphpad needs to build, test, run and take screenshots.
# Idempotent and quiet: when everything is present it prints nothing and touches nothing.
set -euo pipefail

PACKAGES=(
  build-essential meson ninja-build pkg-config clang libclang-rt-14-dev
  libglib2.0-dev libfreetype-dev libfontconfig-dev libsdl2-dev libsdl2-ttf-dev libicu-dev
  libfribidi-dev
  fonts-dejavu-core fonts-dejavu-extra fonts-noto-cjk fonts-noto-color-emoji
  fonts-noto-core libharfbuzz-dev libharfbuzz-bin pango1.0-tools
  xvfb xdotool x11-utils x11-xserver-utils imagemagick valgrind python3
  # the other editors tools/peers.py measures for the charts (tools/charts.sh)
  vim nano nvi mg ed mousepad
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
