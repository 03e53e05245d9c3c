# NATS helpers for scripts/brokers-up.sh. Source after common.sh.
#
# Development and CI machines already run a NATS server with JetStream on 127.0.0.1:4222 (Debian's
# nats-server, started outside the repo). We use it when it is there and only start our own when
# nothing listens, so brokers-down.sh never touches a server it did not start.

NATS_PORT=4222
NATS_DIR="$ES_DATA/nats"          # JetStream store (-sd) + log of a NATS we started
NATS_PIDFILE="$ES_PIDS/nats.pid"
NATS_LOG="$NATS_DIR/nats.log"

nats_start() {
  if ! command -v nats-server >/dev/null 2>&1; then
    es_err "nats: nothing listens on 127.0.0.1:$NATS_PORT and nats-server is not installed (apt-get install -y nats-server)"
    return 1
  fi
  mkdir -p "$NATS_DIR" "$ES_PIDS"
  printf '\n===== %s: starting nats-server =====\n' "$(date -Is)" >>"$NATS_LOG"
  # Same reasons as Kafka for setsid (see lib/kafka.sh). -a 127.0.0.1: never listen beyond loopback.
  setsid nats-server -js -a 127.0.0.1 -p "$NATS_PORT" -sd "$NATS_DIR" >>"$NATS_LOG" 2>&1 </dev/null 8>&- 9>&- &
  local pid=$!
  printf '%s\n' "$pid" >"$NATS_PIDFILE"
  printf '%s\n' "$pid"
}

# Ready = the port accepts AND JetStream answers an account-info request. A plain TCP check alone
# would pass for a server started without -js, and every JetStream test would then fail with a
# confusing "JetStream not enabled". Uses the project's own client (@nats-io/*, in node_modules).
nats_wait_ready() {
  local timeout_s="${1:-30}" pid="${2:-}" deadline=$((SECONDS + ${1:-30})) out=""
  while ((SECONDS < deadline)); do
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      es_err "nats: nats-server (pid $pid) exited; last lines of $(es_rel "$NATS_LOG"):"
      tail -n 20 "$NATS_LOG" >&2
      return 1
    fi
    if es_port_open "$NATS_PORT"; then
      if out="$(cd "$ES_ROOT" && node --input-type=module -e '
        import { connect } from "@nats-io/transport-node";
        import { jetstreamManager } from "@nats-io/jetstream";
        const nc = await connect({ servers: process.argv[1], timeout: 3000, name: "eventscope-ready" });
        try {
          const jsm = await jetstreamManager(nc, { timeout: 3000 });
          const info = await jsm.getAccountInfo();
          console.log(`server ${nc.info?.version ?? "?"}, JetStream streams=${info.streams} consumers=${info.consumers}`);
        } finally {
          await nc.close();
        }
      ' "127.0.0.1:$NATS_PORT" 2>&1)"; then
        es_log "nats: ready on 127.0.0.1:$NATS_PORT ($out)"
        return 0
      fi
    fi
    sleep 0.5
  done
  es_err "nats: not ready on 127.0.0.1:$NATS_PORT after ${timeout_s} s${out:+: $out}"
  [[ -f "$NATS_LOG" && -n "$pid" ]] && tail -n 20 "$NATS_LOG" >&2
  return 1
}
