#!/usr/bin/env bash
# Installs every build and test dependency: Debian packages, then the web dashboard's npm packages
# (web/package-lock.json, with `npm ci`). Idempotent: does nothing when all are present, so it is
# cheap to run before every build.
set -euo pipefail
cd "$(dirname "$0")/.."
PKGS=(
  cmake ninja-build g++ pkg-config make
  libssl-dev libsodium-dev libsqlite3-dev sqlite3 libjemalloc-dev
  nlohmann-json3-dev libcli11-dev libfmt-dev libspdlog-dev libcpp-httplib-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libicu-dev  # name matching: NFKC, case folding, transliteration (src/match/)
  libxml2-dev  # sanctions screening: the UN list XML (src/screening/)
  chromium  # the dashboard's browser test (web/test/dashboard.test.mjs) drives /usr/bin/chromium
)
# Node.js and npm: the machine's own if it has them (a newer Node.js than Debian's may be
# installed outside Debian's packages), otherwise Debian's.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  PKGS+=(nodejs npm)
fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -ne 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# playwright-core (the browser test's driver) needs Node.js 20 or newer.
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "install-deps: Node.js $(node --version) is too old; the dashboard tests need Node.js 20+" >&2
  exit 1
fi

# The dashboard's npm packages, exactly as locked. A stamp of the lock file's hash inside
# node_modules says whether they are already installed; npm never downloads a browser here
# (playwright-core has no install script, and the variable below makes sure).
lock_hash=$(sha256sum web/package-lock.json | cut -d' ' -f1)
stamp=web/node_modules/.jirga-package-lock.sha256
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  echo "install-deps: npm ci in web/" >&2
  (cd web && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >&2)
  echo "$lock_hash" > "$stamp"
fi
