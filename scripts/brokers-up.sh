#!/usr/bin/env bash
# Starts (or finds) the local brokers Eventscope's integration tests and `npm run dev` use:
#   - Apache Kafka, one KRaft node from Maven Central jars, on 127.0.0.1:$KAFKA_PORT (default 9092)
#   - NATS with JetStream on 127.0.0.1:4222
#   - RabbitMQ on 127.0.0.1:5672 with its management plugin enabled (API on 127.0.0.1:15672)
# and waits until all are really usable. Idempotent: whatever already listens on a port is used
# as is and never restarted. See docs/local-brokers.md.
#
# Env: RABBITMQ_PORT (5672), RABBITMQ_MANAGEMENT_PORT (15672), RABBITMQ_USER / RABBITMQ_PASS (guest),
#      KAFKA_VERSION (4.1.2 | 3.9.1), KAFKA_PORT, KAFKA_CONTROLLER_PORT, KAFKA_HEAP (JVM -Xmx, 512m), KAFKA_READY_TIMEOUT (s,
#      default 120), EVENTSCOPE_CACHE (jar cache root, default ~/.cache/eventscope).
# Usage: scripts/brokers-up.sh [--fetch-only]   (--fetch-only: just make sure the jars are cached)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$ES_ROOT/scripts/lib/kafka.sh"
source "$ES_ROOT/scripts/lib/nats.sh"
source "$ES_ROOT/scripts/lib/rabbitmq.sh"

KAFKA_READY_TIMEOUT="${KAFKA_READY_TIMEOUT:-120}"
fetch_only=0
case "${1:-}" in
  "") ;;
  --fetch-only) fetch_only=1 ;;
  *) es_err "usage: $0 [--fetch-only]"; exit 64 ;;
esac

t_start=$SECONDS
mkdir -p "$ES_DATA" "$ES_PIDS"

# Two brokers-up at once (two terminals, or `npm test` while `npm run brokers:up` is starting):
# the check-then-start below must not interleave, or both would start a JVM and one PID file
# would be lost. The lock is held until the processes are started; waiting happens unlocked.
exec 9>"$ES_PIDS/.brokers-up.lock"
flock 9

# ---------------------------------------------------------------- Kafka
kafka_pid="" # set only when this run started the JVM, so readiness can fail fast if it dies
if [[ $fetch_only == 1 ]]; then
  kafka_check_prereqs
  kafka_fetch_jars
  exit 0
elif es_port_open "$KAFKA_PORT"; then
  # Someone's broker (ours from an earlier run, or the developer's own) is there: use it.
  # We do not know or care which version it is, and we never restart it.
  if pid="$(es_pid_alive "$KAFKA_PIDFILE" "$KAFKA_PROPS")"; then
    es_log "kafka: found a running Kafka on 127.0.0.1:$KAFKA_PORT (started earlier by brokers-up, pid $pid)"
  else
    es_log "kafka: found something listening on 127.0.0.1:$KAFKA_PORT (not started by brokers-up; leaving it alone)"
  fi
elif pid="$(es_pid_alive "$KAFKA_PIDFILE" "$KAFKA_PROPS")"; then
  # Our JVM is alive but not listening yet: an earlier brokers-up is still starting it.
  es_log "kafka: Kafka started earlier by brokers-up (pid $pid) is still starting; waiting for it"
  kafka_pid="$pid"
else
  if es_port_open "$KAFKA_CONTROLLER_PORT"; then
    es_err "kafka: 127.0.0.1:$KAFKA_CONTROLLER_PORT (KAFKA_CONTROLLER_PORT) is taken by another process; choose another port"
    exit 1
  fi
  rm -f "$KAFKA_PIDFILE" # stale, if any
  # Java/version checks only here: using a broker you run yourself needs no Java at all.
  kafka_check_prereqs
  kafka_fetch_jars
  kafka_write_config
  kafka_format_if_needed
  kafka_pid="$(kafka_start)"
  es_note_started "kafka $KAFKA_PORT"
  es_log "kafka: started Kafka $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT (controller :$KAFKA_CONTROLLER_PORT), pid $kafka_pid, logs in $(es_rel "$KAFKA_DIR")/"
fi

# ---------------------------------------------------------------- NATS
# Started before waiting on Kafka so both boot in parallel.
nats_pid=""
if es_port_open "$NATS_PORT"; then
  if pid="$(es_pid_alive "$NATS_PIDFILE" "$NATS_DIR")"; then
    es_log "nats: found a running NATS on 127.0.0.1:$NATS_PORT (started earlier by brokers-up, pid $pid)"
  else
    es_log "nats: found NATS on 127.0.0.1:$NATS_PORT (not started by brokers-up; leaving it alone)"
  fi
elif pid="$(es_pid_alive "$NATS_PIDFILE" "$NATS_DIR")"; then
  es_log "nats: NATS started earlier by brokers-up (pid $pid) is still starting; waiting for it"
  nats_pid="$pid"
else
  rm -f "$NATS_PIDFILE"
  nats_pid="$(nats_start)"
  es_note_started "nats"
  es_log "nats: started nats-server -js on 127.0.0.1:$NATS_PORT, pid $nats_pid, store and log in $(es_rel "$NATS_DIR")/"
fi

# ---------------------------------------------------------------- RabbitMQ
# The machine's server is used as is; only a missing one is started (see lib/rabbitmq.sh).
rabbitmq_ensure_server

exec 9>&- # release the lock: everything is started, the rest only waits

# The management plugin takes ~10 s to start: enabled while Kafka boots.
rabbitmq_enable_management

# ---------------------------------------------------------------- readiness
nats_wait_ready 30 "$nats_pid"
rabbitmq_wait_ready 90

t_wait=$SECONDS
wait_args=(--brokers "127.0.0.1:$KAFKA_PORT" --timeout "$KAFKA_READY_TIMEOUT")
[[ -n "$kafka_pid" ]] && wait_args+=(--pid "$kafka_pid")
if ! (cd "$ES_ROOT" && node scripts/wait-for-kafka.mjs "${wait_args[@]}"); then
  if [[ -n "$kafka_pid" ]]; then
    kafka_show_logs
    if kill -0 "$kafka_pid" 2>/dev/null; then
      es_err "kafka: left pid $kafka_pid running for inspection; 'npm run brokers:down' stops it"
    else
      rm -f "$KAFKA_PIDFILE"
    fi
  else
    es_err "kafka: the broker on 127.0.0.1:$KAFKA_PORT was not started by brokers-up; check it yourself"
  fi
  exit 1
fi

es_log "all brokers ready in $((SECONDS - t_start)) s (Kafka wait $((SECONDS - t_wait)) s): kafka 127.0.0.1:$KAFKA_PORT, nats 127.0.0.1:$NATS_PORT, rabbitmq 127.0.0.1:$RABBITMQ_PORT (management :$RABBITMQ_MANAGEMENT_PORT)"
