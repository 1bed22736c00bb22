#!/usr/bin/env bash
# Installs the browser the Playwright browser tests drive: Debian's chromium at /usr/bin/chromium.
# Playwright's own browser download cannot work here, so the tests never call `playwright install`.
# Idempotent: does nothing when /usr/bin/chromium already exists.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "install-browser-deps: /usr/bin/chromium is present ($(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-browser-deps: not root and no sudo; install chromium yourself (apt-get install chromium)" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-browser-deps: installing Debian chromium (apt-get)…"
$SUDO apt-get update -q
# Fonts so the Studio's text renders in screenshots; chromium pulls in the libraries it needs itself.
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-liberation fonts-dejavu-core
/usr/bin/chromium --version
