#!/usr/bin/env bash
# Run a local, real Neo4j 5.26 server (embedded DBMS + Bolt on 127.0.0.1)
# built from Maven Central jars. See README.md next to this file.
#
#   server.sh build                          resolve deps + compile (cached, stamp-checked)
#   server.sh start [--port P] [--data DIR]  start in background, print bolt URI last
#   server.sh stop                           SIGTERM, wait, SIGKILL; drop temp data dir
#   server.sh status                         exit 0 if running (prints uri), 3 if not
#
# Environment (all optional):
#   STUDIOGRAPH_NEO4J_STATE          state dir (default: <this dir>/run)
#   STUDIOGRAPH_NEO4J_JAVA           java binary (default: JDK 17 at /usr/lib/jvm/java-17-openjdk-amd64)
#   STUDIOGRAPH_NEO4J_HEAP           heap flags (default: "-Xms1g -Xmx2g")
#   STUDIOGRAPH_NEO4J_PAGECACHE      page cache size (default: 512m)
#   STUDIOGRAPH_NEO4J_JAVA_OPTS      extra JVM flags appended at the end
#   STUDIOGRAPH_NEO4J_START_TIMEOUT  seconds to wait for Bolt (default: 120)
#   STUDIOGRAPH_NEO4J_STOP_TIMEOUT   seconds to wait after SIGTERM before SIGKILL (default: 60)
set -euo pipefail

# --- locations ---------------------------------------------------------------
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TARGET="$HERE/target"
STAMP="$TARGET/.build-stamp"
STATE_DIR="${STUDIOGRAPH_NEO4J_STATE:-$HERE/run}"
PID_FILE="$STATE_DIR/pid"
URI_FILE="$STATE_DIR/uri"
DATA_FILE="$STATE_DIR/data_dir"
TEMP_FLAG="$STATE_DIR/data_is_temp"
LOG_FILE="$STATE_DIR/neo4j.log"      # JVM stdout/stderr (Neo4j's own logs: <data>/logs/)
MAIN_CLASS="studiograph.neo4jlocal.Launcher"

JDK17="/usr/lib/jvm/java-17-openjdk-amd64"
if [[ -n "${STUDIOGRAPH_NEO4J_JAVA:-}" ]]; then
    JAVA="$STUDIOGRAPH_NEO4J_JAVA"
elif [[ -x "$JDK17/bin/java" ]]; then
    JAVA="$JDK17/bin/java"
else
    JAVA="java"
fi

# JVM flags: the subset of Neo4j 5's own neo4j.conf defaults that matters on JDK 17.
# The --add-opens (same as the stock 5.x neo4j.conf) let Neo4j/Netty reach
# direct-buffer and NIO internals that JDK 17 closes by default.
read -r -a HEAP_OPTS <<<"${STUDIOGRAPH_NEO4J_HEAP:--Xms1g -Xmx2g}"
read -r -a EXTRA_OPTS <<<"${STUDIOGRAPH_NEO4J_JAVA_OPTS:-}"
JVM_OPTS=(
    "${HEAP_OPTS[@]}"
    -XX:+UseG1GC
    -XX:-OmitStackTraceInFastThrow
    -XX:+DisableExplicitGC
    -Djdk.nio.maxCachedBufferSize=1024
    -Dio.netty.tryReflectionSetAccessible=true
    --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
    --enable-native-access=ALL-UNNAMED
    -Dlog4j2.disable.jmx=true
    -Dfile.encoding=UTF-8
    "${EXTRA_OPTS[@]}"
)

log() { echo "neo4j-local: $*" >&2; }
die() { log "$*"; exit 1; }

# --- build -------------------------------------------------------------------
# Fingerprint of everything that affects the build output.
source_hash() {
    (cd "$HERE" && find pom.xml src -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) \
        | sha256sum | cut -d' ' -f1
}

is_built() {
    [[ -f "$STAMP" && -d "$TARGET/lib" && -d "$TARGET/classes" ]] \
        && [[ "$(cat "$STAMP")" == "$(source_hash)" ]]
}

cmd_build() {
    if is_built; then
        log "build up to date"
        return 0
    fi
    command -v mvn >/dev/null || die "mvn not found"
    log "building (mvn package; first run downloads ~120 MB of jars into ~/.m2)..."
    rm -rf "$TARGET/lib"   # avoid stale jars after a version bump
    # Maven itself should run on JDK 17 too (release=17 in the pom).
    if [[ -x "$JDK17/bin/java" ]]; then export JAVA_HOME="$JDK17"; fi
    # (sed strips the stray ANSI reset codes Maven 3.8 prints even in -q -B mode;
    #  pipefail keeps mvn's exit status.)
    mvn -q -B -Dstyle.color=never -f "$HERE/pom.xml" package 2>&1 | sed 's/\x1b\[0m//g' >&2 \
        || die "maven build failed"
    source_hash >"$STAMP"
    log "build ok ($(ls "$TARGET/lib" | wc -l) jars in $TARGET/lib)"
}

# --- process helpers -----------------------------------------------------------
# Is PID alive *and* our launcher (guards against recycled pids)?
is_our_pid() {
    local pid="$1"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null \
        && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$MAIN_CLASS"
}

running_pid() {
    local pid=""
    [[ -f "$PID_FILE" ]] && pid="$(cat "$PID_FILE")"
    if is_our_pid "$pid"; then echo "$pid"; else return 1; fi
}

wait_gone() {  # wait_gone PID SECONDS -> 0 once PID has exited, 1 on timeout
    local pid="$1" deadline=$(( SECONDS + $2 ))
    while kill -0 "$pid" 2>/dev/null; do
        (( SECONDS >= deadline )) && return 1
        sleep 0.2
    done
}

port_open() {  # TCP connect check using bash's /dev/tcp
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
    if command -v python3 >/dev/null; then
        python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
        return
    fi
    local p
    for _ in $(seq 1 100); do
        p=$(( 20000 + RANDOM % 40000 ))
        port_open "$p" || { echo "$p"; return; }
    done
    die "no free port found"
}

cleanup_state() {
    # Remove the throw-away data dir (only if we created it) and the state files.
    if [[ -f "$TEMP_FLAG" && -f "$DATA_FILE" ]]; then
        local d; d="$(cat "$DATA_FILE")"
        [[ -n "$d" && -d "$d" ]] && rm -rf -- "$d"
    fi
    rm -f "$PID_FILE" "$URI_FILE" "$DATA_FILE" "$TEMP_FLAG"
}

lock_state() {
    # Serialise start/stop on the same state dir (best effort if flock is absent).
    mkdir -p "$STATE_DIR"
    if command -v flock >/dev/null; then
        exec 9>"$STATE_DIR/.lock"
        flock -w 180 9 || die "could not lock $STATE_DIR"
    fi
}

# --- start -------------------------------------------------------------------
cmd_start() {
    local port="" data=""
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --port) port="${2:?--port needs a value}"; shift 2 ;;
            --data) data="${2:?--data needs a value}"; shift 2 ;;
            *) die "unknown option: $1" ;;
        esac
    done

    lock_state
    local pid
    if pid="$(running_pid)"; then
        log "already running (pid $pid)"
        cat "$URI_FILE"
        return 0
    fi
    cleanup_state   # stale state from a crashed/killed run

    cmd_build

    [[ -n "$port" ]] || port="$(free_port)"
    port_open "$port" && die "port $port is already in use"

    if [[ -n "$data" ]]; then
        mkdir -p "$data"
        data="$(cd "$data" && pwd)"
    else
        data="$(mktemp -d "${TMPDIR:-/tmp}/studiograph-neo4j.XXXXXX")"
        : >"$TEMP_FLAG"
    fi
    echo "$data" >"$DATA_FILE"

    # setsid: own session, so Ctrl-C / SIGHUP aimed at the caller does not hit the DB.
    # (Not a process-group leader here, so setsid execs in place and $! is java's pid.)
    log "starting Neo4j on 127.0.0.1:$port (data: $data)"
    NEO4J_LOCAL_PAGECACHE="${STUDIOGRAPH_NEO4J_PAGECACHE:-512m}" \
        setsid "$JAVA" "${JVM_OPTS[@]}" \
        -cp "$TARGET/classes:$TARGET/lib/*" "$MAIN_CLASS" "$data" "$port" \
        </dev/null >"$LOG_FILE" 2>&1 9>&- &   # 9>&-: don't leak the state lock to java
    pid=$!
    echo "$pid" >"$PID_FILE"

    # Wait for the READY line *and* a successful TCP connect to the Bolt port.
    local timeout="${STUDIOGRAPH_NEO4J_START_TIMEOUT:-120}" t0=$SECONDS
    until grep -q '^READY bolt://' "$LOG_FILE" 2>/dev/null && port_open "$port"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            log "JVM exited during startup; log tail:"
            tail -n 40 "$LOG_FILE" >&2 || true
            cleanup_state
            exit 1
        fi
        if (( SECONDS - t0 >= timeout )); then
            log "timed out after ${timeout}s waiting for Bolt; log tail:"
            tail -n 40 "$LOG_FILE" >&2 || true
            [[ -f "$data/logs/debug.log" ]] && tail -n 20 "$data/logs/debug.log" >&2
            kill -KILL "$pid" 2>/dev/null || true
            wait_gone "$pid" 10 || true
            cleanup_state
            exit 1
        fi
        sleep 0.2
    done

    local uri="bolt://127.0.0.1:$port"
    echo "$uri" >"$URI_FILE"
    log "ready in $(( SECONDS - t0 ))s (pid $pid)"
    echo "$uri"
}

# --- stop --------------------------------------------------------------------
cmd_stop() {
    lock_state
    local pid
    if ! pid="$(running_pid)"; then
        log "not running"
        cleanup_state
        return 0
    fi
    local timeout="${STUDIOGRAPH_NEO4J_STOP_TIMEOUT:-60}"
    log "stopping pid $pid"
    kill -TERM "$pid" 2>/dev/null || true    # shutdown hook -> managementService.shutdown()
    if ! wait_gone "$pid" "$timeout"; then
        log "still alive after ${timeout}s, sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        wait_gone "$pid" 10 || die "pid $pid survived SIGKILL"
    fi
    cleanup_state
    log "stopped"
}

# --- status ------------------------------------------------------------------
cmd_status() {
    local pid
    if pid="$(running_pid)"; then
        echo "running pid=$pid uri=$(cat "$URI_FILE" 2>/dev/null) data=$(cat "$DATA_FILE" 2>/dev/null)"
    else
        echo "not running"
        return 3
    fi
}

case "${1:-}" in
    build)  shift; cmd_build "$@" ;;
    start)  shift; cmd_start "$@" ;;
    stop)   shift; cmd_stop "$@" ;;
    status) shift; cmd_status "$@" ;;
    *) echo "usage: $0 {build|start [--port P] [--data DIR]|stop|status}" >&2; exit 2 ;;
esac
