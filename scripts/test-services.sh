#!/usr/bin/env bash
# Makes sure the services the tests use are there: PostgreSQL (started if it
# is installed but down) and Chromium for the browser tests (installed from
# Debian's packages when missing and we are root). It prints what it found;
# the tests themselves skip loudly (or fail under CI=true) when a service is
# still missing.
set -u

pg_url="${TONEDESK_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}"

if command -v pg_isready >/dev/null 2>&1; then
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    echo "test-services: PostgreSQL is down; starting it" >&2
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start >&2 || true
    fi
    for _ in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  if pg_isready -q -h 127.0.0.1 -p 5432; then
    printf "export TONEDESK_TEST_POSTGRES='%s'\n" "$pg_url"
  else
    echo "test-services: PostgreSQL is not reachable on 127.0.0.1:5432; its tests will skip (fail under CI=true)" >&2
  fi
else
  echo "test-services: PostgreSQL is not installed; its tests will skip (fail under CI=true)" >&2
fi

if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test-services: installing Chromium for the browser tests (apt-get install chromium)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >&2 ||
      { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >&2; } ||
      echo "test-services: could not install Chromium; browser tests will skip (fail under CI=true)" >&2
  else
    echo "test-services: Chromium is missing; install Debian's 'chromium' package. Browser tests will skip (fail under CI=true)" >&2
  fi
fi
