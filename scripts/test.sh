#!/usr/bin/env bash
# What `npm test` runs: brings up the local brokers (scripts/brokers-up.sh), runs the unit and
# integration Vitest projects (and e2e once it exists), then stops whatever brokers THIS run
# started. A Kafka/NATS that was already running before (yours, or the machine's NATS) is used and
# left running. Exit code: Vitest's (or 1 if the brokers could not be brought up).
#
# Env passed through: KAFKA_PORT, KAFKA_CONTROLLER_PORT, KAFKA_VERSION (see docs/local-brokers.md).
# Exported for the tests unless already set (read by tests/support/brokers.ts):
#   TEST_KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT, TEST_NATS_SERVERS=nats://127.0.0.1:4222,
#   TEST_RABBITMQ_URL=amqp://guest:guest@127.0.0.1:5672, TEST_RABBITMQ_MANAGEMENT_URL=http://127.0.0.1:15672
set -uo pipefail # no -e: we want Vitest's exit code, and cleanup to always run

source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ES_ROOT" || exit 1

export KAFKA_PORT="${KAFKA_PORT:-9092}"
# So KAFKA_PORT=19092 npm test points the tests at the broker this script brought up.
export TEST_KAFKA_BROKERS="${TEST_KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"
export TEST_NATS_SERVERS="${TEST_NATS_SERVERS:-nats://127.0.0.1:4222}"
export TEST_RABBITMQ_URL="${TEST_RABBITMQ_URL:-amqp://guest:guest@127.0.0.1:5672}"
export TEST_RABBITMQ_MANAGEMENT_URL="${TEST_RABBITMQ_MANAGEMENT_URL:-http://127.0.0.1:15672}"

# brokers-up.sh appends one line per service it actually started ("kafka <port>", "nats") to this
# file. That is exact even when brokers-up fails halfway (e.g. Kafka started but never became
# ready), so the trap below stops precisely what this run started and nothing else.
started_file="$(mktemp "${TMPDIR:-/tmp}/eventscope-started.XXXXXX")"
export EVENTSCOPE_STARTED_FILE="$started_file"

if es_port_open "$KAFKA_PORT"; then
  es_log "test: Kafka already running on 127.0.0.1:$KAFKA_PORT; it will be left running"
else
  es_log "test: Kafka not running on 127.0.0.1:$KAFKA_PORT; starting it for this run and stopping it afterwards"
fi

cleanup() {
  local rc=$? what=()
  grep -q '^kafka ' "$started_file" 2>/dev/null && what+=(kafka)
  grep -qx 'nats' "$started_file" 2>/dev/null && what+=(nats)
  if ((${#what[@]})); then
    es_log "test: stopping the brokers this run started: ${what[*]}"
    bash "$ES_ROOT/scripts/brokers-down.sh" "${what[@]}" || true
  fi
  rm -f "$started_file"
  exit "$rc"
}
trap cleanup EXIT
# Ctrl-C / kill: leave through the EXIT trap with the conventional status.
trap 'exit 130' INT
trap 'exit 143' TERM

if ! bash "$ES_ROOT/scripts/brokers-up.sh"; then
  es_err "test: brokers are not ready; not running the tests"
  exit 1
fi

npx vitest run --project unit --project integration
rc=$?

# ----------------------------------------------------------------------------------------------
# End-to-end tests (tests/e2e, docs in tests/e2e/README.md): Chromium through playwright-core against
# the production build. The app is built once here; the tests start `node .next/standalone/server.js`
# (what the Docker image runs) and the demo services themselves, and stop them again. A failure of
# the build or of any e2e test fails `npm test`, as does a failure of the unit/integration run above.
# `EVENTSCOPE_E2E=0 npm test` skips them (a quick run while working on the server side).
if [[ "${EVENTSCOPE_E2E:-1}" != "0" ]] && [[ -d tests/e2e ]] && find tests/e2e -name '*.test.ts' -print -quit | grep -q .; then
  mkdir -p test-results
  # Secrets present while building, so tests/e2e/client-bundle-secrets.test.ts can prove none of them
  # reaches the files the browser downloads (the e2e consoles set their own at start).
  export EVENTSCOPE_ADMIN_TOKEN="${EVENTSCOPE_ADMIN_TOKEN:-build-canary-token-$RANDOM$RANDOM$RANDOM}"
  export EVENTSCOPE_ADMIN_PASSWORD="${EVENTSCOPE_ADMIN_PASSWORD:-build-canary-password-$RANDOM$RANDOM}"
  export EVENTSCOPE_SECRET_KEY="${EVENTSCOPE_SECRET_KEY:-$(node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64"))')}"
  build_log="test-results/next-build.log"
  es_log "test: building the app for the e2e tests (npx next build; log in $build_log)"
  build_started=$SECONDS
  if npx --no -- next build >"$build_log" 2>&1; then
    es_log "test: build done in $((SECONDS - build_started)) s; running the e2e project"
    npx vitest run --project e2e
    e2e_rc=$?
  else
    es_err "test: next build failed; last lines of $build_log:"
    tail -n 40 "$build_log" >&2
    e2e_rc=1
  fi
  ((e2e_rc != 0)) && es_err "test: e2e failed (status $e2e_rc)"
  ((rc == 0)) && rc=$e2e_rc
fi
# ----------------------------------------------------------------------------------------------

exit "$rc"
