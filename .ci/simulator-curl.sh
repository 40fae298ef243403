#!/usr/bin/env bash
# Runs the simulator README's examples as written: starts each vendor's simulator with the README's own `java -cp`
# command, then runs that vendor's curl block against it. Only the ports change (the README's 8089..8092 may be taken
# on a shared machine), so the docs and this check cannot drift apart.
# Usage: bash .ci/simulator-curl.sh [vendor...]   (default: every vendor with a curl block)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
readme=components/camel-asyncjob-simulator/README.md

# the fenced block after the marker line "<!-- $1 -->"
block() {
  awk -v marker="<!-- $1 -->" '
    $0 == marker { armed = 1; next }
    armed && /^```/ { if (inside) exit; inside = 1; next }
    inside { print }' "$readme"
}

start_block=$(block "simulator: java")
build=$(printf '%s\n' "$start_block" | grep '^mvn ')
module=$(printf '%s\n' "$start_block" | sed -n 's/^cd //p')
java_line=$(printf '%s\n' "$start_block" | grep '^java ')
test -n "$build" && test -n "$module" && test -n "$java_line"
echo "+ $build"
eval "$build -B -ntp"

vendors=("$@")
if [ ${#vendors[@]} -eq 0 ]; then
  mapfile -t vendors < <(sed -n 's/^<!-- curl: \(.*\) -->$/\1/p' "$readme")
fi
work=$(mktemp -d)
port=18190
for vendor in "${vendors[@]}"; do
  port=$((port + 1))
  examples=$(block "curl: $vendor")
  readme_url=$(printf '%s\n' "$examples" | sed -n 's/^SIM=//p')
  test -n "$examples" && test -n "$readme_url"
  # the README's start command for this vendor, on this run's port, ending by itself should anything go wrong
  command=$(printf '%s\n' "$java_line" | sed "s/SimulatorMain sateais --port 8089/SimulatorMain $vendor --port $port/")
  echo "+ (cd $module; $command --exit-after 300)"
  (cd "$root/$module" && eval "exec $command --exit-after 300") > "$work/$vendor-simulator.out" 2>&1 &
  simulator=$!
  for _ in $(seq 1 60); do
    if curl -s -o /dev/null "http://127.0.0.1:$port/"; then break; fi
    kill -0 "$simulator" 2>/dev/null || { cat "$work/$vendor-simulator.out"; exit 1; }
    sleep 0.5
  done
  grep -q "^$vendor simulator running" "$work/$vendor-simulator.out"
  echo "== $vendor: the README's curl examples"
  status=0
  (cd "$work" && timeout 120 bash -euo pipefail -c "${examples//$readme_url/http://127.0.0.1:$port}") || status=$?
  kill "$simulator" 2>/dev/null || true
  wait "$simulator" 2>/dev/null || true
  if [ "$status" -ne 0 ]; then
    echo "the $vendor curl examples failed (exit $status); simulator output:"
    cat "$work/$vendor-simulator.out"
    exit "$status"
  fi
done
rm -rf "$work"
echo "every curl example of $readme ran against the standalone simulator: ${vendors[*]}"
