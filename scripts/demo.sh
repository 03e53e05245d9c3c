#!/usr/bin/env bash
# npm run demo: a live playground for Eventscope.
#   1. brokers up (scripts/brokers-up.sh; remembers what it started)
#   2. the demo topology on Kafka and JetStream (scripts/demo/topology.ts, idempotent)
#   3. the console built if needed (.next/BUILD_ID missing, or EVENTSCOPE_REBUILD=1)
#   4. the demo services (scripts/demo/run-demo.ts): order service, inventory, billing-slow, analytics
#   5. the console (npm start's scripts/start.mjs) on http://localhost:$PORT (127.0.0.1) with .data/demo/eventscope.config.json
# Ctrl-C (or SIGTERM) stops all of that again: the services, the console, and the brokers only if
# this run started them. See docs/demo.md.
#
# Env: PORT (3000), DEMO_NO_CONSOLE=1 (services only), DEMO_DURATION_SECONDS=N (stop by itself),
#      DEMO_SKIP_BROKERS=1 (do not run brokers-up: use KAFKA_BROKERS / NATS_URL as they are),
#      EVENTSCOPE_REBUILD=1, KAFKA_PORT (9092), KAFKA_BROKERS, NATS_URL, REDIS_URL, and the DEMO_*
#      knobs of the services (DEMO_RATE, DEMO_POISON_RATE, ...; docs/demo.md).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1

PORT="${PORT:-3000}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
export KAFKA_BROKERS="${KAFKA_BROKERS:-localhost:$KAFKA_PORT}"
export NATS_URL="${NATS_URL:-nats://127.0.0.1:4222}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
DEMO_NO_CONSOLE="${DEMO_NO_CONSOLE:-0}"
DEMO_DURATION_SECONDS="${DEMO_DURATION_SECONDS:-0}"
DEMO_DIR="$ROOT/.data/demo"
CONFIG="$DEMO_DIR/eventscope.config.json"
STARTED_FILE="$DEMO_DIR/brokers-started.$$"

log() { printf '[demo] %s\n' "$*"; }
err() { printf '[demo] ERROR: %s\n' "$*" >&2; }

if ! [[ "$DEMO_DURATION_SECONDS" =~ ^[0-9]+$ ]]; then
  err "DEMO_DURATION_SECONDS must be a whole number of seconds (got '$DEMO_DURATION_SECONDS')"
  exit 64
fi
if [[ "$DEMO_NO_CONSOLE" != "1" ]] && ! [[ "$PORT" =~ ^[0-9]+$ ]]; then
  err "PORT must be a port number (got '$PORT')"
  exit 64
fi

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/${2:-127.0.0.1}/$1" 2>/dev/null; }

# ------------------------------------------------------------------ process groups and cleanup
SERVICES_PID=""
CONSOLE_PID=""
CLEANED=0

# Each long-running child is started with setsid: it leads its own process group (npx -> node ->
# workers all in it), so one `kill -- -PGID` reaches the whole tree, and a Ctrl-C in the terminal
# reaches only this script, which then stops the children in order.
stop_group() {
  local pid="$1" name="$2" i
  [[ -n "$pid" ]] || return 0
  kill -0 -- "-$pid" 2>/dev/null || return 0
  kill -TERM -- "-$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do # 15 s
    kill -0 -- "-$pid" 2>/dev/null || { log "$name stopped"; return 0; }
    sleep 0.1
  done
  log "$name still running after 15 s; killing it"
  kill -KILL -- "-$pid" 2>/dev/null || true
}

cleanup() {
  ((CLEANED)) && return 0
  CLEANED=1
  trap '' INT TERM # a second Ctrl-C (npm forwards one too) must not cut the cleanup short
  stop_group "$CONSOLE_PID" "console"
  stop_group "$SERVICES_PID" "services"
  if [[ -s "$STARTED_FILE" ]]; then
    local what=()
    grep -q '^kafka' "$STARTED_FILE" && what+=(kafka)
    grep -q '^nats' "$STARTED_FILE" && what+=(nats)
    if ((${#what[@]})); then
      log "stopping the brokers this demo started: ${what[*]}"
      KAFKA_PORT="$KAFKA_PORT" bash scripts/brokers-down.sh "${what[@]}" || err "brokers-down failed"
    fi
  fi
  rm -f "$STARTED_FILE"
}

on_signal() {
  log "$1: stopping everything the demo started"
  cleanup
  exit "$2"
}
trap 'on_signal SIGINT 130' INT
trap 'on_signal SIGTERM 143' TERM
trap cleanup EXIT

mkdir -p "$DEMO_DIR"

if [[ "$DEMO_NO_CONSOLE" != "1" ]] && port_open "$PORT"; then
  err "something already listens on port $PORT; stop it or run with PORT=<another port>"
  exit 1
fi

# ------------------------------------------------------------------ 1. brokers
if [[ "${DEMO_SKIP_BROKERS:-0}" == "1" ]]; then
  log "DEMO_SKIP_BROKERS=1: using the brokers at $KAFKA_BROKERS and $NATS_URL as they are"
else
  if [[ ! -f scripts/brokers-up.sh ]]; then
    err "scripts/brokers-up.sh is missing; start Kafka and NATS yourself and rerun with DEMO_SKIP_BROKERS=1"
    exit 1
  fi
  : >"$STARTED_FILE"
  # brokers-up writes what it started into EVENTSCOPE_STARTED_FILE ("kafka <port>", "nats"): that,
  # and only that, is what cleanup stops. A broker somebody else runs is never touched.
  if ! EVENTSCOPE_STARTED_FILE="$STARTED_FILE" KAFKA_PORT="$KAFKA_PORT" bash scripts/brokers-up.sh; then
    err "brokers-up failed"
    exit 1
  fi
  if [[ -s "$STARTED_FILE" ]]; then
    log "started for this demo (stopped again on exit): $(tr '\n' ' ' <"$STARTED_FILE")"
  else
    log "brokers were already running; the demo will leave them running"
  fi
fi
if command -v redis-cli >/dev/null 2>&1 && ! redis-cli -u "$REDIS_URL" ping >/dev/null 2>&1; then
  err "Redis does not answer at $REDIS_URL (the demo's idempotency store)"
  exit 1
fi

# ------------------------------------------------------------------ 2. topology
log "creating the demo topology (idempotent)"
if ! npx --no -- tsx scripts/demo/topology.ts; then
  err "could not create the topology"
  exit 1
fi

# ------------------------------------------------------------------ 3. console build, config
# Written with node so any broker list or URL is quoted correctly.
CONFIG="$CONFIG" node -e '
  const split = (s) => s.split(",").map((x) => x.trim()).filter(Boolean);
  const config = {
    clusters: [
      { id: "local-kafka", name: "Local Kafka", kind: "kafka", brokers: split(process.env.KAFKA_BROKERS) },
      { id: "local-nats", name: "Local NATS", kind: "nats", servers: split(process.env.NATS_URL) },
      ...(process.env.DEMO_RABBITMQ === "0" ? [] : [{
        id: "local-rabbit", name: "Local RabbitMQ", kind: "rabbitmq",
        url: process.env.RABBITMQ_URL || "amqp://guest:guest@127.0.0.1:5672",
        managementUrl: process.env.RABBITMQ_MANAGEMENT_URL || "http://127.0.0.1:15672", vhosts: ["/"],
      }]),
      { id: "local-streams", name: "Local Redis Streams", kind: "redis-streams", url: process.env.REDIS_URL, pattern: "orders*" },
    ],
    idempotency: [{ id: "orders-redis", kind: "redis", url: process.env.REDIS_URL, pattern: "processed:*" }],
    // The order service writes its Kafka events to this outbox table; its worker publishes them (scripts/demo/outbox-relay.ts).
    outbox: process.env.DEMO_OUTBOX === "0" ? [] : [
      { id: "orders-outbox", name: "Order service outbox", kind: "postgres", url: process.env.DEMO_OUTBOX_URL || "postgres://postgres@127.0.0.1:5432/test",
        table: "demo_reliable_outbox" },
    ],
    // The inventory services count event_processed_total{type, status} as they process (scripts/demo/processing-metrics.ts).
    metrics: Number(process.env.DEMO_METRICS_PORT ?? 9464) > 0 ? [
      { id: "inventory-kafka", url: `http://127.0.0.1:${Number(process.env.DEMO_METRICS_PORT ?? 9464)}/metrics`, counter: "event_processed_total", cluster: "local-kafka" },
      { id: "inventory-jetstream", url: `http://127.0.0.1:${Number(process.env.DEMO_METRICS_PORT ?? 9464) + 1}/metrics`, counter: "event_processed_total",
        cluster: "local-nats", topics: { "order.created": "ORDERS" } },
    ] : [],
  };
  require("fs").writeFileSync(process.env.CONFIG, JSON.stringify(config, null, 2) + "\n");
' || { err "could not write $CONFIG"; exit 1; }
log "console config: $(realpath --relative-to="$ROOT" "$CONFIG")"

if [[ "$DEMO_NO_CONSOLE" != "1" ]]; then
  if [[ ! -f .next/BUILD_ID || "${EVENTSCOPE_REBUILD:-0}" == "1" ]]; then
    log "building the console (npx next build; log in .data/demo/build.log)"
    if ! npx --no -- next build >"$DEMO_DIR/build.log" 2>&1; then
      err "next build failed; last lines of .data/demo/build.log:"
      tail -n 30 "$DEMO_DIR/build.log" >&2
      exit 1
    fi
  else
    log "console already built (.next/BUILD_ID); EVENTSCOPE_REBUILD=1 forces a rebuild"
  fi
fi

# ------------------------------------------------------------------ 4. services
log "starting the demo services"
DEMO_SKIP_TOPOLOGY=1 DEMO_DURATION_SECONDS="$DEMO_DURATION_SECONDS" \
  setsid npx --no -- tsx scripts/demo/run-demo.ts </dev/null &
SERVICES_PID=$!

# ------------------------------------------------------------------ 5. console
if [[ "$DEMO_NO_CONSOLE" != "1" ]]; then
  : "${EVENTSCOPE_ADMIN_TOKEN:=$(openssl rand -hex 16)}"
  export EVENTSCOPE_ADMIN_TOKEN
  (umask 077 && printf '%s\n' "$EVENTSCOPE_ADMIN_TOKEN" >"$DEMO_DIR/admin-token")
  # What `npm start` runs; on this machine only, whatever HOSTNAME the shell exports.
  EVENTSCOPE_CONFIG="$CONFIG" HOSTNAME=127.0.0.1 PORT="$PORT" setsid node scripts/start.mjs >"$DEMO_DIR/console.log" 2>&1 </dev/null &
  CONSOLE_PID=$!
  log "starting the console (log in .data/demo/console.log)"
  ready=0
  for ((i = 0; i < 120; i++)); do
    code="$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$PORT/api/v1/health" || true)"
    if [[ "$code" != "000" && -n "$code" ]]; then ready=1; break; fi
    if ! kill -0 "$CONSOLE_PID" 2>/dev/null; then break; fi
    sleep 0.5
  done
  if ((ready == 0)); then
    err "the console did not come up; last lines of .data/demo/console.log:"
    tail -n 30 "$DEMO_DIR/console.log" >&2
    exit 1
  fi
  log "────────────────────────────────────────────────────────────"
  log "Eventscope console: http://localhost:$PORT"
  log "admin token (Authorization: Bearer ...): in .data/demo/admin-token"
  log "Ctrl-C stops the demo"
  log "────────────────────────────────────────────────────────────"
fi

# ------------------------------------------------------------------ wait
exit_code=0
hard_deadline=0
((DEMO_DURATION_SECONDS > 0)) && hard_deadline=$((SECONDS + DEMO_DURATION_SECONDS + 60))
while :; do
  if ! kill -0 "$SERVICES_PID" 2>/dev/null; then
    wait "$SERVICES_PID"
    exit_code=$?
    SERVICES_PID=""
    if ((exit_code == 0)); then log "services finished"; else err "the services exited with status $exit_code"; fi
    break
  fi
  if [[ -n "$CONSOLE_PID" ]] && ! kill -0 "$CONSOLE_PID" 2>/dev/null; then
    err "the console exited; last lines of .data/demo/console.log:"
    tail -n 30 "$DEMO_DIR/console.log" >&2
    exit_code=1
    break
  fi
  if ((hard_deadline > 0 && SECONDS >= hard_deadline)); then
    err "the services did not stop by themselves after DEMO_DURATION_SECONDS=$DEMO_DURATION_SECONDS; stopping them"
    exit_code=1
    break
  fi
  sleep 1
done
cleanup
exit "$exit_code"
