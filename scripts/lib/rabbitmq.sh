# RabbitMQ helpers for scripts/brokers-up.sh. Source after common.sh.
#
# Development and CI machines run RabbitMQ on 127.0.0.1:5672 (Debian's rabbitmq-server, started
# outside the repo with `rabbitmq-server -detached`), but with the management plugin OFF. Eventscope
# reads queues, exchanges and bindings from the management HTTP API (127.0.0.1:15672), so brokers-up
# enables the plugin and waits until the API answers an authenticated request. The server itself is
# never restarted; only when nothing listens on 5672 and rabbitmq-server is installed does brokers-up
# start it, the way the machine does, and leave it running like the machine's own (brokers-down never
# stops RabbitMQ).

RABBITMQ_PORT="${RABBITMQ_PORT:-5672}"
RABBITMQ_MANAGEMENT_PORT="${RABBITMQ_MANAGEMENT_PORT:-15672}"
RABBITMQ_USER="${RABBITMQ_USER:-guest}"
RABBITMQ_PASS="${RABBITMQ_PASS:-guest}"

# Prints the HTTP status of GET /api/overview (000 when nothing answers). Node's fetch, not curl:
# node is always there, curl may not be on a bare machine.
rabbitmq_management_status() {
  (cd "$ES_ROOT" && node -e '
    const [url, user, pass] = process.argv.slice(1);
    const auth = "Basic " + Buffer.from(`${user}:${pass}`).toString("base64");
    fetch(url, { headers: { authorization: auth }, signal: AbortSignal.timeout(3000) })
      .then((r) => console.log(r.status), () => console.log("000"));
  ' "http://127.0.0.1:$RABBITMQ_MANAGEMENT_PORT/api/overview" "$RABBITMQ_USER" "$RABBITMQ_PASS" 2>/dev/null) || echo 000
}

# Starts the AMQP server only when nothing listens on its port (a bare machine, or one whose server
# stopped). Returns non-zero with a plain reason when it cannot.
rabbitmq_ensure_server() {
  es_port_open "$RABBITMQ_PORT" && return 0
  if ! command -v rabbitmq-server >/dev/null 2>&1; then
    es_err "rabbitmq: nothing listens on 127.0.0.1:$RABBITMQ_PORT and rabbitmq-server is not installed (apt-get install -y rabbitmq-server)"
    return 1
  fi
  es_log "rabbitmq: nothing listens on 127.0.0.1:$RABBITMQ_PORT; starting rabbitmq-server -detached"
  rabbitmq-server -detached </dev/null >/dev/null 2>&1 8>&- 9>&- || true
  local deadline=$((SECONDS + 60))
  while ((SECONDS < deadline)); do
    es_port_open "$RABBITMQ_PORT" && return 0
    sleep 1
  done
  es_err "rabbitmq: rabbitmq-server did not listen on 127.0.0.1:$RABBITMQ_PORT within 60 s"
  return 1
}

# Enables rabbitmq_management when its API does not answer yet. `rabbitmq-plugins enable` talks to
# the running node (it needs the node's Erlang cookie: run as root or as the rabbitmq user) and is a
# no-op when the plugin already is enabled.
rabbitmq_enable_management() {
  local status
  status="$(rabbitmq_management_status)"
  if [[ "$status" == 200 || "$status" == 401 ]]; then
    # 401: the plugin is on but refuses these credentials; rabbitmq_wait_ready says so.
    es_log "rabbitmq: management API already answers on 127.0.0.1:$RABBITMQ_MANAGEMENT_PORT"
    return 0
  fi
  if ! command -v rabbitmq-plugins >/dev/null 2>&1; then
    es_err "rabbitmq: the management API on 127.0.0.1:$RABBITMQ_MANAGEMENT_PORT does not answer (HTTP $status) and rabbitmq-plugins is not installed to enable it"
    return 1
  fi
  es_log "rabbitmq: enabling the management plugin (rabbitmq-plugins enable rabbitmq_management)"
  local out
  if ! out="$(rabbitmq-plugins enable rabbitmq_management </dev/null 2>&1)"; then
    es_err "rabbitmq: rabbitmq-plugins enable rabbitmq_management failed:"
    printf '%s\n' "$out" | tail -n 15 >&2
    return 1
  fi
}

# Ready = GET /api/overview answers 200 with our credentials. A 401 is reported as such at once:
# waiting would not change it.
rabbitmq_wait_ready() {
  local timeout_s="${1:-60}" deadline=$((SECONDS + ${1:-60})) status=000
  while ((SECONDS < deadline)); do
    status="$(rabbitmq_management_status)"
    case "$status" in
      200)
        es_log "rabbitmq: ready (AMQP 127.0.0.1:$RABBITMQ_PORT, management API 127.0.0.1:$RABBITMQ_MANAGEMENT_PORT)"
        return 0 ;;
      401)
        es_err "rabbitmq: management API on :$RABBITMQ_MANAGEMENT_PORT refused: 401 (user $RABBITMQ_USER; set RABBITMQ_USER / RABBITMQ_PASS)"
        return 1 ;;
    esac
    sleep 1
  done
  es_err "rabbitmq: management API on 127.0.0.1:$RABBITMQ_MANAGEMENT_PORT not answering after ${timeout_s} s (last HTTP status $status)"
  return 1
}
