#!/usr/bin/env bash
# Runs every test this machine can run. The one test command of the project: README.md names it and .ci/run calls it.
#
# Engine-neutral tests (the client and the CLI) always run. The Elsa module, its sample server, the browser tests,
# the activity benchmark and the load smoke run need the Elsa.* 3.7.1 packages; when they do not restore, this says so in one line and runs
# the rest. Exits non-zero when any test fails.
set -uo pipefail
cd "$(dirname "$0")/.."

failed=0
passed_total=0
failed_total=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run_tests() {
  local project=$1; shift
  echo "==> dotnet test $project"
  if ! dotnet test "$project" -c Release "$@" 2>&1 | tee -a "$log"; then
    failed=1
  fi
}

step() {
  echo "==> $*"
  if ! "$@"; then failed=1; fi
}

if dotnet restore src/Elsa.Responses/Elsa.Responses.csproj >/dev/null 2>&1; then
  elsa=1
else
  elsa=0
  echo "Elsa.* 3.7.1 did not restore from the configured NuGet sources: the Elsa module, the sample server, the browser tests and the activity benchmark were NOT built or tested; running the engine-neutral tests only."
fi

run_tests tests/Elsa.Responses.Client.Tests
run_tests tests/Elsa.Responses.Cli.Tests
run_tests tests/Elsa.Responses.Compatibility.Tests

if [ "$elsa" = 1 ]; then
  run_tests tests/Elsa.Responses.Tests
  step bash scripts/install-browser-deps.sh
  run_tests tests/Elsa.Responses.BrowserTests
fi

step bash scripts/package-smoke.sh "$([ "$elsa" = 1 ] && echo true || echo false)"   # pack, install the tool, run it

# Benchmarks: a dry smoke run, so they cannot rot. Figures come from a full run (docs/benchmarks.md).
with_elsa=$([ "$elsa" = 1 ] && echo true || echo false)
step bash scripts/benchmark-smoke.sh "$with_elsa"

# Load: 50 instances of each workflow kind through the real sample server and Elsa's API (benchmarks/Elsa.Responses.Load).
if [ "$elsa" = 1 ]; then
  step bash scripts/load-smoke.sh
fi

# One plain closing line from dotnet test's summaries ("Passed!  - Failed: 0, Passed: 93, Skipped: 0, ...").
while read -r f p; do
  passed_total=$((passed_total + p)); failed_total=$((failed_total + f))
done < <(grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+' "$log" | sed -E 's/Failed: +([0-9]+), Passed: +([0-9]+)/\1 \2/')
skipped_total=$(grep -Eo 'Skipped: +[0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
# Tests skip, saying why, where a shared folder beside the checkout is absent: name those folders.
absent=$( { [ -f "${LLAMA_SERVER_DIR:-../shared/llama-server}/serve.sh" ] || echo ../shared/llama-server
            [ -f "${ELSA_RESPONSES_FIXTURES:-../shared/fixtures/responses}/inventory.json" ] || echo ../shared/fixtures/responses; } | paste -sd, -)
echo "${passed_total} passed, ${failed_total} failed, ${skipped_total} skipped${absent:+ (${absent} absent)}"

if [ "$failed" != 0 ] || [ "$failed_total" != 0 ]; then
  echo "FAILED: see the output above."
  exit 1
fi
