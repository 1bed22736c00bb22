#!/usr/bin/env bash
# Builds the benchmarks and runs each once, in process (the project's --smoke mode), so they cannot rot. Not a measurement.
# $1: "true" to include the activity benchmark, which needs the Elsa packages.
set -euo pipefail
cd "$(dirname "$0")/.."
with_elsa=${1:-false}
dotnet run -c Release --project benchmarks/Elsa.Responses.Benchmarks -p:WithElsa="$with_elsa" -- --smoke
