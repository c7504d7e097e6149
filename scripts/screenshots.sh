#!/usr/bin/env bash
# Screenshots of the real console for the README: drives the binary in a detached tmux
# session, captures the panes with their colours (capture-pane -e) and renders PNGs with
# pyte + Pillow (scripts/ansi2png.py, DejaVu Sans Mono). Regenerate whenever the screen changes.
#
#   scripts/screenshots.sh            # uses SEQWATCH_BIN or .build/debug/seqwatch
#
# Needs tmux, python3 and the fonts-dejavu-core fonts; pyte and Pillow are installed into a
# venv under .build/ on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${SEQWATCH_BIN:-.build/debug/seqwatch}"
[ -x "$BIN" ] || { echo "screenshots: no binary at $BIN (swift build, or set SEQWATCH_BIN)" >&2; exit 1; }
command -v tmux >/dev/null || { echo "screenshots: tmux is not installed" >&2; exit 1; }
VENV=.build/screenshots-venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import pyte, PIL" 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q pyte pillow
fi
OUT=screenshots
TMP=$(mktemp -d)
SOCK="seqwatch-shots-$$"
COLS=120 ROWS=40
T() { tmux -L "$SOCK" "$@"; }
trap 'T kill-server 2>/dev/null || true; rm -rf "$TMP"' EXIT
mkdir -p "$OUT"

RUNS=0
start() { # args for seqwatch
    T kill-server 2>/dev/null || true
    # A state directory per run: the run just killed may still hold its lock while it exits.
    RUNS=$((RUNS + 1))
    T new-session -d -s shot -x "$COLS" -y "$ROWS" \
        "env TERM=tmux-256color LANG=C.UTF-8 SWIFT_BACKTRACE=interactive=no SEQWATCH_STATE_DIR=$TMP/state-$RUNS $(realpath "$BIN") $*; sleep 600"
}
wait_for() { # regex [timeout seconds]
    local deadline=$((SECONDS + ${2:-20}))
    while [ $SECONDS -lt $deadline ]; do
        if T capture-pane -p -t shot | grep -qE -- "$1"; then return 0; fi
        sleep 0.1
    done
    echo "screenshots: timed out waiting for /$1/" >&2
    T capture-pane -p -t shot >&2
    return 1
}
shot() { # name
    T capture-pane -p -e -t shot > "$TMP/$1.ans"
    "$VENV/bin/python" scripts/ansi2png.py "$TMP/$1.ans" "$OUT/$1.png" --cols "$COLS" --rows "$ROWS"
    echo "screenshots: $OUT/$1.png"
}
keys() { T send-keys -t shot "$@"; }

start run --close-interval 0.5 --accounts 12 --rate 60
wait_for 'RUNNING'
wait_for '(workload.*){1}' 
sleep 8                                   # let the sparklines fill
shot default

keys s; wait_for 'strategy none'          # no automatic heal: the divergence stays visible
keys d; wait_for '▲ DIVERGED'
sleep 2
shot divergence

keys h; wait_for 'run this heal'; sleep 0.5
shot heal-plan
keys Escape

keys Enter; wait_for 'timeline: last'; sleep 0.8
shot account-detail                       # the chain, the plan and the timeline
keys Escape

keys c; wait_for 'Submit → validated latency'; sleep 0.3
shot charts
keys Escape

keys : g o Tab; wait_for ':goto'
keys r; sleep 0.2; keys Tab; sleep 0.5
shot command-line
keys Escape

keys '?'; wait_for 'F1 closes'
shot help
keys Escape

keys x; wait_for 'Inject a fault'
shot fault-menu
keys Escape

keys s s s; wait_for 'strategy heal'       # the heal strategy repairs it
wait_for 'HEALING|healed' 20 || true
shot healing
keys q; sleep 3

# Transactions that stop progressing: STUCK in red with its age, trouble first.
start run --close-interval 0.4 --accounts 12 --rate 40 --strategy none
wait_for 'RUNNING'
keys : f a u l t Space t e l = 0 . 3 : t e l I N S U F _ F E E _ P : d r o p Enter
wait_for '! STUCK' 60
keys : s o r t Space s t a t u s Enter; sleep 1.5
shot stuck
keys q; sleep 3

start run --mono --close-interval 0.5 --accounts 12 --rate 60
wait_for 'RUNNING'
sleep 6
keys s; wait_for 'strategy none'
keys Down d Up; wait_for '▲ DIVERGED'
sleep 1
shot monochrome
keys q; sleep 2

# Attach mode: a headless engine in the background, the console attached to it from tmux; then
# the engine killed, for the lost-link line over the last snapshot.
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
SEQWATCH_STATE_DIR="$TMP/state-engine" "$(realpath "$BIN")" run --headless --http "127.0.0.1:$PORT" \
    --close-interval 0.5 --accounts 12 --rate 60 > "$TMP/engine.log" 2>&1 &
ENGINE=$!
trap 'kill $ENGINE 2>/dev/null || true; T kill-server 2>/dev/null || true; rm -rf "$TMP"' EXIT
for _ in $(seq 1 600); do grep -q '/state/summary' "$TMP/engine.log" && break; sleep 0.1; done
start console --attach "http://127.0.0.1:$PORT"
wait_for 'RUNNING'
sleep 6                                   # let the sparklines fill
shot attach
kill -9 $ENGINE; wait $ENGINE 2>/dev/null || true
wait_for 'reattaching'
shot attach-lost
keys q; sleep 1
