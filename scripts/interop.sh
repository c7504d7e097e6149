#!/usr/bin/env bash
# Runs Tests/Interop/xrpl_py_interop.py (xrpl-py from PyPI, in a virtualenv under .build)
# against `seqwatch sim` on a free loopback port. The simulator is always stopped.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.build/interop-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import xrpl" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check xrpl-py==5.2.0
fi

swift build --product seqwatch >/dev/null
log=.build/interop-sim.log
sim=
trap 'if [ -n "$sim" ]; then kill "$sim" 2>/dev/null || true; wait "$sim" 2>/dev/null || true; fi' EXIT

# Starts `seqwatch sim` on a free loopback port with the given extra flags; sets $port and $sim.
start_sim() {
    if [ -n "$sim" ]; then kill "$sim" 2>/dev/null || true; wait "$sim" 2>/dev/null || true; fi
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    : >"$log"
    .build/debug/seqwatch sim --host 127.0.0.1 --port "$port" --close-interval 1 "$@" >"$log" 2>&1 &
    sim=$!
    for _ in $(seq 1 100); do
        if grep -q "listening on" "$log"; then return; fi
        if ! kill -0 "$sim" 2>/dev/null; then echo "seqwatch sim exited early:"; cat "$log"; exit 1; fi
        sleep 0.1
    done
    echo "seqwatch sim did not start:"; cat "$log"; exit 1
}

start_sim
timeout 300 "$venv/bin/python" Tests/Interop/xrpl_py_interop.py "$port"

# Again as xrpl-py's own CI runs rippled: a network id above 1024, so NetworkID is required.
start_sim --network-id 63456
timeout 120 "$venv/bin/python" Tests/Interop/xrpl_py_interop.py "$port" --network-id 63456

# As the client libraries' CI runs `rippled --standalone`: standalone's TxQ sizes, ledger_accept.
start_sim --standalone --close-interval 0
timeout 120 "$venv/bin/python" Tests/Interop/xrpl_py_interop.py "$port" --standalone
