# serve_lib.sh — starting and stopping `planbook serve` for the tests (after tests/lib.sh).
# serve_start LOG DIR [OPTIONS…]: starts the server on a free loopback port (the server
# chooses it: --listen 127.0.0.1:0, and says it on its first line); sets SERVE_PID, PORT
# and BASE. Returns 1 when it did not start within 15 s.
serve_start() {
  log=$1; shift; dir=$1; shift
  ${SERVE_PB:-$PB} serve --listen 127.0.0.1:0 "$@" "$dir" 2>"$log" &
  SERVE_PID=$!
  PORT=""
  for _ in $(seq 150); do
    PORT=$(sed -n '1s/.* \(port\|בפתחה\) \([0-9][0-9]*\) .*/\2/p' "$log")
    [ -n "$PORT" ] && break
    kill -0 "$SERVE_PID" 2>/dev/null || break
    sleep 0.1
  done
  BASE=http://127.0.0.1:$PORT
  [ -n "$PORT" ]
}
# serve_stop: SIGTERM, then the exit status as SERVE_STATUS (124 if it did not end in 60 s).
serve_stop() {
  kill -TERM "$SERVE_PID" 2>/dev/null
  for _ in $(seq 600); do kill -0 "$SERVE_PID" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$SERVE_PID" 2>/dev/null; then kill -KILL "$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null; SERVE_STATUS=124
  else wait "$SERVE_PID"; SERVE_STATUS=$?; fi
}
# csrf_of FILE: the first form's CSRF token in a saved page
csrf_of() { grep -o 'name="csrf" value="[0-9a-f]*"' "$1" | head -1 | grep -o '[0-9a-f]\{64\}'; }
# snapshot DIR…: every file under the folders with its checksum, sorted (to compare)
snapshot() { find "$@" -type f -print0 | sort -z | xargs -0 md5sum; }
