#!/usr/bin/env bash
# HTTP load test of `jirga serve` on loopback with wrk (Debian's package): durable appends of
# pre-signed distinct submissions at 64 connections, then tile and proof reads of the log that
# built. Prints a Markdown report on stdout; progress on stderr.
#
#   bench/http.sh [SECONDS]        default 20 s per phase; JIRGA_HTTP_N sets how many bodies to
#                                  pre-sign (default 400000; must exceed what the run appends);
#                                  JIRGA_HTTP_PROBE=FILE logs a probe of the tile phase (below);
#                                  JIRGA_HTTP_KEEP=DIR keeps the access log and wrk's output
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build-bench"
SECONDS_PER_PHASE="${1:-20}"
N="${JIRGA_HTTP_N:-400000}"
CONNS=64
THREADS=2

command -v wrk >/dev/null || apt-get install -y --no-install-recommends wrk >&2
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
cmake --build "$BUILD" -j "$(nproc)" --target jirga jirga_bench >&2
J="$BUILD/jirga"

DIR="$(mktemp -d "${TMPDIR:-/tmp}/jirga-http-XXXXXX")"
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  # JIRGA_HTTP_KEEP=DIR keeps the server's access log (one JSON line per request, with the
  # server-side "micros") and wrk's output for a look afterwards.
  if [ -n "${JIRGA_HTTP_KEEP:-}" ]; then
    mkdir -p "$JIRGA_HTTP_KEEP" && cp "$DIR/serve.err" "$DIR/wrk.txt" "$JIRGA_HTTP_KEEP/" 2>/dev/null
  fi
  rm -rf "$DIR"
}
trap cleanup EXIT

echo "[http] store, party key and $N pre-signed submissions" >&2
"$J" init --store "$DIR/s.db" --origin bench.example/http >/dev/null 2>&1
"$J" key generate gov --out "$DIR/gov.key" >"$DIR/gov.vkey" 2>/dev/null
"$J" party register gov --vkey "$(tail -1 "$DIR/gov.vkey")" --role belligerent \
  --store "$DIR/s.db" >/dev/null 2>&1
"$BUILD/jirga_bench" --sign-submissions "$N" "$DIR/gov.key" gov "$DIR/bodies.jsonl"
# Let the kernel write the ~350 MB of bodies back now, not while the server's fsyncs are timed.
sync

"$J" serve --store "$DIR/s.db" --listen 127.0.0.1:0 --threads 128 >"$DIR/serve.out" \
  2>"$DIR/serve.err" &
SERVER_PID=$!
for _ in $(seq 100); do grep -q listening "$DIR/serve.out" 2>/dev/null && break; sleep 0.1; done
URL="$(sed -n 's/^listening on //p' "$DIR/serve.out")"
[ -n "$URL" ] || { echo "jirga serve did not start" >&2; cat "$DIR/serve.err" >&2; exit 1; }

export JIRGA_WRK_DIR="$ROOT/bench/wrk" JIRGA_WRK_THREADS=$THREADS JIRGA_BODIES="$DIR/bodies.jsonl"
run_wrk() {  # NAME SCRIPT SECONDS
  echo "[http] wrk: $1 for $3 s" >&2
  JIRGA_NAME="$1" wrk -t$THREADS -c$CONNS -d"$3"s --timeout 10s -s "$JIRGA_WRK_DIR/$2" "$URL" \
    | tee -a "$DIR/wrk.txt" | sed -n 's/^JIRGA_RESULT //p'
}
cpu_of_server() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }

T0=$(cpu_of_server)
SIZE0=$("$J" log checkpoint --store "$DIR/s.db" | sed -n 2p)
SUBMIT=$(run_wrk submit submit.lua "$SECONDS_PER_PHASE")
T1=$(cpu_of_server)
SIZE=$("$J" log checkpoint --store "$DIR/s.db" | sed -n 2p)  # reads; the server keeps writing
# submit.lua has no response() callback (it would cost the shared CPUs more than the server's
# JSON); the exact number of 201 answers comes from the server's own counter, and the log must
# have grown by at least that much (a 201 is a new record; a duplicate would be a 200).
CREATED=$(curl -s "$URL/metrics" |
  sed -n 's/^jirga_http_requests_total{.*method="POST",status="201"} \([0-9]*\)$/\1/p' | head -1)
[ -n "$CREATED" ] || { echo "no count of 201 answers in /metrics" >&2; exit 1; }
if [ $((SIZE - SIZE0)) -lt "$CREATED" ]; then
  echo "the log grew by $((SIZE - SIZE0)) but the server answered $CREATED x 201" >&2; exit 1
fi
# A request in flight when wrk stopped may still be answered 201 to a closed socket: count no
# more than wrk saw complete without an error status.
WRK_OK=$(sed -n 's/.*\bok=\([0-9]*\).*/\1/p' <<<"$SUBMIT")
[ "$CREATED" -gt "$WRK_OK" ] && CREATED=$WRK_OK
SUBMIT_SECONDS=$(sed -n 's/.*\bseconds=\([^ ]*\).*/\1/p' <<<"$SUBMIT")
SUBMIT=$(sed -E "s/\bok=[0-9]+/ok=$CREATED/; s/\brate=[0-9.]+/rate=$(awk -v c="$CREATED" \
  -v s="$SUBMIT_SECONDS" 'BEGIN{printf "%.0f", c/s}')/" <<<"$SUBMIT")
export JIRGA_SIZE="$SIZE" JIRGA_TILES=$((SIZE / 256))
# JIRGA_HTTP_PROBE=FILE: during the tile phase, one extra tile request every 50 ms, logged with
# the time, its latency, status and curl's exit code, the load average and the size of the
# store's WAL (to see what a slow read coincides with).
PROBE_PID=""
if [ -n "${JIRGA_HTTP_PROBE:-}" ]; then
  (set +e
   while :; do
     t=$(date +%s.%N)
     l=$(curl -s -o /dev/null -m 10 -w '%{time_total} %{http_code}' "$URL/tile/0/$((RANDOM % (SIZE / 256)))")
     echo "$t $l exit=$? $(head -1 /proc/loadavg | cut -d' ' -f1-3) $(stat -c %s "$DIR/s.db-wal" 2>/dev/null)"
     sleep 0.05
   done >"$JIRGA_HTTP_PROBE") &
  PROBE_PID=$!
fi
TILES=$(run_wrk tiles tiles.lua "$SECONDS_PER_PHASE")
[ -n "$PROBE_PID" ] && kill "$PROBE_PID" 2>/dev/null
PROOFS=$(run_wrk proofs proofs.lua "$SECONDS_PER_PHASE")

kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true; SERVER_PID=""
echo "[http] log verify of $SIZE records" >&2
VERIFY=$("$J" log verify --store "$DIR/s.db" 2>&1 | tail -1)

# The limits the HTTP numbers sit under, measured in the same run: libsodium's verify rate (each
# append checks one signature), SQLite's raw durable insert rate, and durable appends through
# the library with no HTTP in between.
echo "[http] limits and library appends, for comparison" >&2
LIMITS=$("$BUILD/jirga_bench" --only limits,sqlite,append --n 100000 | grep '^|' || true)

field() { sed -n "s/.*\b$2=\([^ ]*\).*/\1/p" <<<"$1"; }
TICKS=$(getconf CLK_TCK)
cat <<REPORT
# jirga HTTP benchmark

- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); machine: nproc $(nproc), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1); $(uname -sr)
- jirga $(git -C "$ROOT" rev-parse --short HEAD) (Release); wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'), $THREADS threads, $CONNS connections, ${SECONDS_PER_PHASE} s per phase, on the same 2-core machine as the server
- server: \`jirga serve --threads 128\`, SQLite store, access log on

| Phase | Requests/s (expected status) | p50 | p90 | p99 | max | other status | socket errors |
|---|---:|---:|---:|---:|---:|---:|---:|
| POST /v1/records, distinct pre-signed statements (durable appends) | $(field "$SUBMIT" rate) | $(field "$SUBMIT" p50_ms) ms | $(field "$SUBMIT" p90_ms) ms | $(field "$SUBMIT" p99_ms) ms | $(field "$SUBMIT" max_ms) ms | $(field "$SUBMIT" other_status) | $(field "$SUBMIT" socket_errors) |
| GET /tile/0/N (random full tiles of $SIZE leaves) | $(field "$TILES" rate) | $(field "$TILES" p50_ms) ms | $(field "$TILES" p90_ms) ms | $(field "$TILES" p99_ms) ms | $(field "$TILES" max_ms) ms | $(field "$TILES" other_status) | $(field "$TILES" socket_errors) |
| GET /v1/records/{i}/proof (random i) | $(field "$PROOFS" rate) | $(field "$PROOFS" p50_ms) ms | $(field "$PROOFS" p90_ms) ms | $(field "$PROOFS" p99_ms) ms | $(field "$PROOFS" max_ms) ms | $(field "$PROOFS" other_status) | $(field "$PROOFS" socket_errors) |

- server CPU during the append phase: $(awk -v a="$T0" -v b="$T1" -v t="$TICKS" -v s="$SECONDS_PER_PHASE" -v n="$CREATED" 'BEGIN{printf "%.2f cores, %.0f µs per append", (b-a)/t/s, (b-a)/t/n*1e6}')
- appends answered 201 (from the server's /metrics): $CREATED; the log grew by $((SIZE - SIZE0)) (the difference: requests still in flight when wrk stopped)
- bodies sent twice because the file ran out (must be 0): $(field "$SUBMIT" wrapped)
- after the run: \`jirga log verify\`: $VERIFY

## The same machine, same run: limits and appends without HTTP (\`jirga_bench --only limits,sqlite,append\`)

$LIMITS
REPORT
