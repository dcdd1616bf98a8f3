#!/bin/sh
# Install the operating-system packages the test suite needs, when they are missing:
# Debian's Chromium (driven by Playwright for the browser tests), Pango and HarfBuzz (WeasyPrint) and
# fonts covering Turkmen and Cyrillic letters. Needs root (or sudo) only when something is missing.
set -eu
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || missing="$missing libpango-1.0-0 libpangoft2-1.0-0"
ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || missing="$missing libharfbuzz-subset0"
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$missing fonts-dejavu-core"
command -v pg_dump >/dev/null 2>&1 || missing="$missing postgresql-client"
[ -z "$missing" ] && exit 0
echo "Installing system packages:$missing"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
