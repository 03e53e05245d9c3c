# Kafka helpers for scripts/brokers-up.sh. Source after common.sh.
#
# Kafka runs straight from Maven Central jars (no tarball download, no Docker): a tiny POM per
# supported version lives in scripts/kafka/pom-<version>.xml and `mvn dependency:copy-dependencies`
# puts the broker's runtime classpath into a cache directory shared by all checkouts.

KAFKA_DEFAULT_VERSION="4.1.2"
KAFKA_VERSION="${KAFKA_VERSION:-$KAFKA_DEFAULT_VERSION}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
# HOME can be unset in stripped-down CI environments; fall back to the user's passwd entry.
ES_CACHE="${EVENTSCOPE_CACHE:-${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}/.cache/eventscope}"

KAFKA_POM="$ES_ROOT/scripts/kafka/pom-$KAFKA_VERSION.xml"
KAFKA_CACHE_DIR="$ES_CACHE/kafka-$KAFKA_VERSION"
KAFKA_LIBS="$KAFKA_CACHE_DIR/libs"
# Written only after a complete copy; holds the POM's checksum so editing the POM
# (e.g. a logging backend bump) re-resolves instead of reusing stale jars.
KAFKA_LIBS_MARKER="$KAFKA_CACHE_DIR/libs.complete"

KAFKA_DIR="$ES_DATA/kafka-$KAFKA_PORT"   # per-port state: config, logs, data
KAFKA_LOG_DIRS="$KAFKA_DIR/data"         # log.dirs (topic partitions + KRaft metadata log)
KAFKA_PROPS="$KAFKA_DIR/server.properties"
KAFKA_STDOUT="$KAFKA_DIR/kafka.log"      # JVM stdout/stderr (+ ERROR log lines)
KAFKA_SERVER_LOG="$KAFKA_DIR/server.log" # log4j WARN+ file (see scripts/kafka/log4j2.xml)
KAFKA_PIDFILE="$ES_PIDS/kafka-$KAFKA_PORT.pid"

# Kafka 4 dropped log4j 1.x for log4j2; 3.x still uses log4j 1 (reload4j). Pick the matching
# config file and system property for the version's major number.
kafka_log_opts() {
  if [[ "${KAFKA_VERSION%%.*}" -ge 4 ]]; then
    printf '%s\n' "-Dlog4j2.configurationFile=$ES_ROOT/scripts/kafka/log4j2.xml"
  else
    printf '%s\n' "-Dlog4j.configuration=file:$ES_ROOT/scripts/kafka/log4j.properties"
  fi
}

kafka_java() { if [[ -n "${JAVA_HOME:-}" ]]; then printf '%s\n' "$JAVA_HOME/bin/java"; else printf 'java\n'; fi; }

kafka_check_prereqs() {
  if [[ ! -f "$KAFKA_POM" ]]; then
    local have
    have="$(cd "$ES_ROOT/scripts/kafka" && ls pom-*.xml | sed 's/^pom-//; s/\.xml$//' | tr '\n' ' ')"
    es_err "KAFKA_VERSION=$KAFKA_VERSION is not supported (no scripts/kafka/pom-$KAFKA_VERSION.xml). Supported: $have"
    return 1
  fi
  local java; java="$(kafka_java)"
  if ! command -v "$java" >/dev/null 2>&1; then
    es_err "java not found: Kafka needs a JDK/JRE 17+ (apt-get install -y openjdk-17-jre-headless)"
    return 1
  fi
  # Kafka 4.x brokers require Java 17; fail with a clear message instead of a class-version error.
  local major
  major="$("$java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)"
  if [[ -n "$major" && "$major" -lt 17 ]]; then
    es_err "Java $major found; Kafka $KAFKA_VERSION needs Java 17+ (set JAVA_HOME)"
    return 1
  fi
}

kafka_pom_sum() { sha256sum "$KAFKA_POM" | cut -d' ' -f1; }

kafka_libs_complete() {
  [[ -f "$KAFKA_LIBS_MARKER" && -d "$KAFKA_LIBS" ]] && [[ "$(cat "$KAFKA_LIBS_MARKER")" == "$(kafka_pom_sum)" ]]
}

# Resolve the broker's jars once per version into the cache. A second run finds the marker and
# skips Maven entirely (Maven itself takes ~10 s even when everything is in ~/.m2).
kafka_fetch_jars() {
  mkdir -p "$KAFKA_CACHE_DIR"
  if kafka_libs_complete; then
    es_log "kafka: jars for $KAFKA_VERSION cached in $KAFKA_LIBS ($(ls "$KAFKA_LIBS" | wc -l) jars)"
    return 0
  fi
  if ! command -v mvn >/dev/null 2>&1; then
    es_err "mvn not found: needed once to fetch the Kafka jars (apt-get install -y maven)"
    return 1
  fi
  # Two checkouts (or brokers-up and CI) may fetch at the same time: serialise on a lock and
  # re-check, so the second one reuses the first one's result.
  exec 8>"$KAFKA_CACHE_DIR/.lock"
  flock 8
  if kafka_libs_complete; then
    exec 8>&-
    es_log "kafka: jars for $KAFKA_VERSION cached in $KAFKA_LIBS"
    return 0
  fi
  es_log "kafka: fetching Kafka $KAFKA_VERSION jars from Maven Central (first run only)..."
  local t0=$SECONDS tmp="$KAFKA_CACHE_DIR/libs.tmp.$$"
  rm -rf "$tmp"
  # Copy into a temp dir and rename, so an interrupted fetch never leaves a half-filled libs/
  # that looks usable. Maven's output goes to a file (even -q -B prints colour escapes) and is
  # shown only on failure.
  local mvnlog="$KAFKA_CACHE_DIR/mvn.log"
  if ! mvn -q -B -f "$KAFKA_POM" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$tmp" >"$mvnlog" 2>&1 </dev/null; then
    rm -rf "$tmp"
    exec 8>&-
    es_err "kafka: mvn could not resolve the Kafka $KAFKA_VERSION jars (is Maven Central reachable?); its output:"
    tail -n 40 "$mvnlog" >&2
    return 1
  fi
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
  kafka_pom_sum >"$KAFKA_LIBS_MARKER"
  exec 8>&-
  es_log "kafka: fetched $(ls "$KAFKA_LIBS" | wc -l) jars in $((SECONDS - t0)) s -> $KAFKA_LIBS"
}

# server.properties for one combined KRaft node (broker + controller), rewritten on every start
# so edits here take effect; the data itself lives in log.dirs.
kafka_write_config() {
  mkdir -p "$KAFKA_DIR" "$KAFKA_LOG_DIRS"
  cat >"$KAFKA_PROPS" <<PROPS
# Generated by scripts/brokers-up.sh on every start; edit scripts/lib/kafka.sh instead.
# Kafka $KAFKA_VERSION, one KRaft node acting as broker and controller.
process.roles=broker,controller
node.id=1
# Static quorum: works on 3.9 and 4.x and needs no --standalone at format time.
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
# Bind and advertise 127.0.0.1 only: a dev broker must not be reachable from other hosts, and
# advertising the exact bound address avoids "localhost" resolving to ::1 on some machines.
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_LOG_DIRS

# Single node: internal topics must not ask for 3 replicas.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
# Fewer internal partitions than the default 50: the first consumer group (and the first
# transaction) is ready sooner, and the test broker keeps far fewer files open.
offsets.topic.num.partitions=1
transaction.state.log.num.partitions=1
# Tests and the console create groups all the time: do not hold the first join for 3 s.
group.initial.rebalance.delay.ms=0

num.partitions=1
auto.create.topics.enable=true
default.replication.factor=1
min.insync.replicas=1
# Small machine (2 cores): fewer threads than the defaults are plenty.
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
PROPS
  if [[ "${KAFKA_VERSION%%.*}" -ge 4 ]]; then
    cat >>"$KAFKA_PROPS" <<'PROPS'
# Kafka 4.x share groups (KIP-932) keep state in an internal topic; single node here too.
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
PROPS
  fi
}

# Kafka's Uuid format: 16 random bytes, URL-safe base64 without padding. Kafka's own generator
# also avoids a leading '-', which a command line would take for an option; so do we.
kafka_random_cluster_id() {
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    [[ "$id" != -* ]] && break
  done
  printf '%s\n' "$id"
}

# Format the storage once. meta.properties in log.dirs is what Kafka writes when formatted.
# Data written by a different Kafka version on this port is wiped: downgrading a KRaft
# metadata log does not work, and this is throwaway local state.
kafka_format_if_needed() {
  local version_file="$KAFKA_DIR/kafka-version"
  if [[ -f "$KAFKA_LOG_DIRS/meta.properties" && -f "$version_file" && "$(cat "$version_file")" != "$KAFKA_VERSION" ]]; then
    es_log "kafka: $(es_rel "$KAFKA_LOG_DIRS") holds Kafka $(cat "$version_file") data; wiping it for $KAFKA_VERSION"
    rm -rf "$KAFKA_LOG_DIRS"
    mkdir -p "$KAFKA_LOG_DIRS"
  fi
  if [[ -f "$KAFKA_LOG_DIRS/meta.properties" ]]; then
    return 0
  fi
  local cid java
  cid="$(kafka_random_cluster_id)"
  java="$(kafka_java)"
  es_log "kafka: formatting storage in $(es_rel "$KAFKA_LOG_DIRS") (cluster id $cid)"
  if ! "$java" -Dkafka.logs.dir="$KAFKA_DIR" "$(kafka_log_opts)" -cp "$KAFKA_LIBS/*" \
      kafka.tools.StorageTool format -t "$cid" -c "$KAFKA_PROPS" >>"$KAFKA_STDOUT" 2>&1 </dev/null; then
    es_err "kafka: storage format failed; last lines of $(es_rel "$KAFKA_STDOUT"):"
    tail -n 30 "$KAFKA_STDOUT" >&2
    return 1
  fi
  printf '%s\n' "$KAFKA_VERSION" >"$version_file"
}

# Start the broker in the background, detached into its own session (setsid) so that Ctrl-C in
# the terminal that ran `npm test` or this script does not also kill Kafka mid-write; shutdown
# goes through brokers-down.sh. Prints the PID.
kafka_start() {
  local java; java="$(kafka_java)"
  mkdir -p "$ES_PIDS"
  {
    printf '\n===== %s: starting Kafka %s on 127.0.0.1:%s =====\n' "$(date -Is)" "$KAFKA_VERSION" "$KAFKA_PORT"
  } >>"$KAFKA_STDOUT"
  # Not a process-group leader here, so setsid execs in place and $! is the JVM's own PID.
  # -Xmx512m: plenty for a test broker on a 24 GiB / 2-core machine (Kafka's default is 1 GiB).
  # KAFKA_HEAP raises it for a scale broker (bench/server.ts: 100,000 partitions need more).
  setsid "$java" -Xmx"${KAFKA_HEAP:-512m}" -Xms256m \
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true \
    -Dkafka.logs.dir="$KAFKA_DIR" "$(kafka_log_opts)" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_PROPS" \
    >>"$KAFKA_STDOUT" 2>&1 </dev/null 8>&- 9>&- &
  # (8>&- 9>&-: do not inherit brokers-up's lock files, or the lock would live as long as Kafka.)
  local pid=$!
  printf '%s\n' "$pid" >"$KAFKA_PIDFILE"
  printf '%s\n' "$pid"
}

# Shown when Kafka does not become ready or exits: both files, since a JVM/launch problem
# lands in kafka.log and broker-level problems in server.log.
kafka_show_logs() {
  local f
  for f in "$KAFKA_STDOUT" "$KAFKA_SERVER_LOG"; do
    [[ -s "$f" ]] || continue
    printf '[brokers] ----- last 40 lines of %s -----\n' "$(es_rel "$f")" >&2
    tail -n 40 "$f" >&2
  done
  printf '[brokers] -----\n' >&2
}
