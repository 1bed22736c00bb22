#!/usr/bin/env bash
# The load tool at K = 50, each workflow kind once: every instance must complete, none fail, none stay running.
# Checks correctness only; its timings on a CI machine mean little. Needs the Elsa packages (it runs the sample server).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project benchmarks/Elsa.Responses.Load -- --k 50 --warmup 0 --dispatch-workers 16 --timeout 90s
