#!/usr/bin/env bash
# Stops the brokers that scripts/brokers-up.sh started, and nothing else: it only acts on the PID
# files brokers-up wrote in .data/pids/, and checks each PID still is that Kafka/NATS process.
# A NATS or Kafka you (or the machine) started is never touched.
#
# Usage: scripts/brokers-down.sh [kafka] [nats]     (default: both)
#   With KAFKA_PORT set, only the Kafka on that port is stopped; otherwise every Kafka that
#   brokers-up started (one per port it was run with).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

do_kafka=0 do_nats=0
if (($# == 0)); then do_kafka=1 do_nats=1; fi
for arg in "$@"; do
  case "$arg" in
    kafka) do_kafka=1 ;;
    nats) do_nats=1 ;;
    *) es_err "usage: $0 [kafka] [nats]"; exit 64 ;;
  esac
done

stopped_any=0
if ((do_kafka)); then
  if [[ -n "${KAFKA_PORT:-}" ]]; then
    pidfiles=("$ES_PIDS/kafka-$KAFKA_PORT.pid")
  else
    shopt -s nullglob
    pidfiles=("$ES_PIDS"/kafka-*.pid)
    shopt -u nullglob
  fi
  for pidfile in "${pidfiles[@]}"; do
    [[ -f "$pidfile" ]] || continue
    port="$(basename "$pidfile" .pid)"
    port="${port#kafka-}"
    # The needle is this port's server.properties path: unique to a JVM brokers-up started here.
    es_stop_pid "kafka :$port" "$pidfile" "$ES_DATA/kafka-$port/server.properties"
    stopped_any=1
  done
fi

if ((do_nats)) && [[ -f "$ES_PIDS/nats.pid" ]]; then
  # Needle includes our store dir, so the machine's own nats-server never matches.
  es_stop_pid "nats" "$ES_PIDS/nats.pid" "$ES_DATA/nats"
  stopped_any=1
fi

if ((stopped_any == 0)); then
  es_log "nothing to stop: no brokers started by brokers-up (no PID files in $(es_rel "$ES_PIDS"))"
fi
