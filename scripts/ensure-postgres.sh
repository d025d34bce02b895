#!/usr/bin/env bash
# Makes sure PostgreSQL's server binaries are here for `npm run test:postgres`: installs Debian's
# postgresql when missing and we are root (CI), otherwise says what to do.
set -euo pipefail
if ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing PostgreSQL from Debian…"
  # Keep the package from starting a server of its own: the tests run their own.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  exit 0
fi
echo "PostgreSQL is not installed: apt-get install postgresql, or set TEST_DATABASE_URL." >&2
exit 1
