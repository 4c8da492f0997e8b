#!/usr/bin/env bash
# Installs the Debian packages flywheel's tests and demo need, when they are missing.
# Used by .ci/run and scripts/up.sh; safe to run again (does nothing when all are present).
set -euo pipefail

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
# checkpoint-sync's integration tests start a private sshd; the sync benchmark compares with scp.
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
command -v scp >/dev/null 2>&1 || missing+=(openssh-client)
# The dashboard's browser tests drive Debian's Chromium through playwright-core.
[ -x /usr/bin/chromium ] || missing+=(chromium)
# The report tests look at PDF reports as PNG pages through pdftoppm.
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
# The metrics tests lint /metrics with promtool and scrape with prometheus itself (both in
# Debian's prometheus package); the demo does not need them.
if [ "${1:-}" = "--for-tests" ]; then
  { command -v promtool && command -v prometheus; } >/dev/null 2>&1 || missing+=(prometheus)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing: ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "need root or sudo to install ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
