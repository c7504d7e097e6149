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
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
log=.build/interop-sim.log
.build/debug/seqwatch sim --host 127.0.0.1 --port "$port" --close-interval 1 >"$log" 2>&1 &
sim=$!
trap 'kill "$sim" 2>/dev/null || true; wait "$sim" 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
    if grep -q "listening on" "$log"; then break; fi
    if ! kill -0 "$sim" 2>/dev/null; then echo "seqwatch sim exited early:"; cat "$log"; exit 1; fi
    sleep 0.1
done
grep -q "listening on" "$log" || { echo "seqwatch sim did not start:"; cat "$log"; exit 1; }

timeout 300 "$venv/bin/python" Tests/Interop/xrpl_py_interop.py "$port"
kill "$sim" 2>/dev/null || true
wait "$sim" 2>/dev/null || true

# Again as xrpl-py's own CI runs rippled: a network id above 1024, so NetworkID is required.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
: >"$log"
.build/debug/seqwatch sim --host 127.0.0.1 --port "$port" --close-interval 1 --network-id 63456 >"$log" 2>&1 &
sim=$!
for _ in $(seq 1 100); do
    if grep -q "listening on" "$log"; then break; fi
    if ! kill -0 "$sim" 2>/dev/null; then echo "seqwatch sim exited early:"; cat "$log"; exit 1; fi
    sleep 0.1
done
grep -q "listening on" "$log" || { echo "seqwatch sim did not start:"; cat "$log"; exit 1; }
timeout 120 "$venv/bin/python" Tests/Interop/xrpl_py_interop.py "$port" --network-id 63456
