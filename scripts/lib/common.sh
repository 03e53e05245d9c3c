# Shared helpers for scripts/brokers-up.sh, brokers-down.sh and test.sh. Source it; do not run it.
# Everything here is plain bash + coreutils so it works on a fresh Debian CI machine.

# Repository root (scripts/lib/ -> ../..), so the scripts work from any cwd.
ES_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Everything the local brokers write lives under .data/ (gitignored).
ES_DATA="$ES_ROOT/.data"
ES_PIDS="$ES_DATA/pids"

es_log() { printf '[brokers] %s\n' "$*"; }
es_err() { printf '[brokers] ERROR: %s\n' "$*" >&2; }

# es_port_open PORT [HOST] -> 0 if something accepts TCP connections there.
# Uses bash's /dev/tcp so it needs no nc/ss; `timeout` guards against a filtered port hanging.
es_port_open() {
  local port="$1" host="${2:-127.0.0.1}"
  timeout 2 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null
}

# es_pid_alive PIDFILE NEEDLE -> prints the PID and returns 0 only if the file names a live process
# whose command line contains NEEDLE. The needle check matters: after a reboot or a long time,
# a stale PID file can name an unrelated process that reused the PID, and we must never signal that.
es_pid_alive() {
  local pidfile="$1" needle="$2" pid
  [[ -f "$pidfile" ]] || return 1
  pid="$(tr -dc '0-9' <"$pidfile")"
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # /proc/PID/cmdline is NUL-separated; turn it into spaces for a substring match.
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$needle" || return 1
  printf '%s\n' "$pid"
}

# es_stop_pid NAME PIDFILE NEEDLE: SIGTERM, wait up to 20 s for a clean shutdown (Kafka flushes
# and closes its logs; a SIGKILLed KRaft node has to recover them on next start), then SIGKILL.
# Removes the PID file. Does nothing (but clean up a stale file) if the process is not ours.
es_stop_pid() {
  local name="$1" pidfile="$2" needle="$3" pid i
  if ! pid="$(es_pid_alive "$pidfile" "$needle")"; then
    if [[ -f "$pidfile" ]]; then
      es_log "$name: PID file $(es_rel "$pidfile") is stale (process gone); removing it"
      rm -f "$pidfile"
    fi
    return 0
  fi
  es_log "$name: stopping pid $pid (SIGTERM)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 200; i++)); do # 200 x 0.1 s = 20 s
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    es_log "$name: pid $pid still running after 20 s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$pidfile"
  es_log "$name: stopped"
}

# Path relative to the repo root, for friendlier messages.
es_rel() { local p="$1"; printf '%s\n' "${p#"$ES_ROOT"/}"; }

# es_note_started WHAT: tells a caller (scripts/test.sh) exactly what this run started, so it can
# stop only that. The caller sets EVENTSCOPE_STARTED_FILE; interactive use leaves it unset.
es_note_started() {
  [[ -n "${EVENTSCOPE_STARTED_FILE:-}" ]] && printf '%s\n' "$*" >>"$EVENTSCOPE_STARTED_FILE"
  return 0
}
