#!/usr/bin/env bash
# Packs the packages a user installs, then uses them the way a user would: installs the elsa-responses tool from the
# packed .nupkg, checks --version, and sends one test-request to a loopback stand-in server. Also checks that every
# package carries its README, its icon, its repository (SourceLink) and a .snupkg symbol package.
# $1: "true" to pack the Elsa module too, "false" not to; when absent, it is packed if its Elsa.* packages restore.
# Exits non-zero with a one-line reason on the first failure.
set -uo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "package-smoke FAILED: $*" >&2; exit 1; }

version=0.1.0
repository_url=$(sed -n 's:.*<RepositoryUrl>\(.*\)</RepositoryUrl>.*:\1:p' Directory.Build.props)
[ -n "$repository_url" ] || fail "no RepositoryUrl in Directory.Build.props"

with_elsa=${1:-}
if [ -z "$with_elsa" ]; then
  if dotnet restore src/Elsa.Responses/Elsa.Responses.csproj >/dev/null 2>&1; then with_elsa=true; else with_elsa=false; fi
fi
packages=(Elsa.Responses.Client Elsa.Responses.Cli)
if [ "$with_elsa" = true ]; then
  packages+=(Elsa.Responses)
else
  echo "package-smoke: the Elsa.* packages did not restore: Elsa.Responses was NOT packed or checked."
fi

# Pack (restoring from the configured sources).
for id in "${packages[@]}"; do
  if ! dotnet pack "src/$id/$id.csproj" -c Release -o "$tmp/packages" --nologo >"$tmp/pack-$id.log" 2>&1; then
    cat "$tmp/pack-$id.log" >&2
    fail "dotnet pack src/$id failed"
  fi
done

# What every package carries.
for id in "${packages[@]}"; do
  nupkg=$tmp/packages/$id.$version.nupkg
  snupkg=$tmp/packages/$id.$version.snupkg
  [ -f "$nupkg" ] || fail "$id.$version.nupkg was not produced"
  [ -f "$snupkg" ] || fail "$id.$version.snupkg (symbols) was not produced"
  listing=$(unzip -l "$nupkg") || fail "$id.$version.nupkg is not a zip"
  grep -q ' README\.md$' <<<"$listing" || fail "$id has no README.md"
  grep -q ' icon\.png$' <<<"$listing" || fail "$id has no icon.png"
  nuspec=$(unzip -p "$nupkg" "$id.nuspec") || fail "$id has no $id.nuspec"
  grep -q '<readme>README.md</readme>' <<<"$nuspec" || fail "$id.nuspec does not name its README"
  grep -q '<icon>icon.png</icon>' <<<"$nuspec" || fail "$id.nuspec does not name its icon"
  grep -q '<tags>.' <<<"$nuspec" || fail "$id.nuspec has no tags"
  grep -q '<description>.' <<<"$nuspec" || fail "$id.nuspec has no description"
  grep -Eq "<repository type=\"git\" url=\"$repository_url\"[^>]* commit=\"[0-9a-f]{40}\"" <<<"$nuspec" \
    || fail "$id.nuspec has no repository element with $repository_url and a commit"
  pdbs=$(unzip -l "$snupkg" | awk '/\.pdb$/ { print $4 }')
  [ -n "$pdbs" ] || fail "$id.$version.snupkg holds no .pdb"
  mkdir -p "$tmp/symbols/$id" && unzip -q -o "$snupkg" -d "$tmp/symbols/$id" || fail "cannot unzip $id.$version.snupkg"
  source_link=${repository_url/https:\/\/github.com/https:\/\/raw.githubusercontent.com}
  for pdb in $pdbs; do
    grep -aEq "\"$source_link/[0-9a-f]{40}/\*\"" "$tmp/symbols/$id/$pdb" || fail "$id: $pdb has no Source Link to $source_link"
  done
done

# Install the tool from the packed package only: a NuGet config with no sources, and a packages folder of its own
# (so that no earlier 0.1.0 in the global packages folder stands in for the package just packed).
cat >"$tmp/nuget.config" <<'CONFIG'
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><clear /></packageSources></configuration>
CONFIG
if ! NUGET_PACKAGES=$tmp/nuget-packages dotnet tool install Elsa.Responses.Cli --version "$version" \
    --tool-path "$tmp/tools" --configfile "$tmp/nuget.config" --add-source "$tmp/packages" >"$tmp/install.log" 2>&1; then
  cat "$tmp/install.log" >&2
  fail "dotnet tool install Elsa.Responses.Cli $version failed"
fi
tool=$tmp/tools/elsa-responses
[ -x "$tool" ] || fail "the tool installed no elsa-responses command"

printed=$("$tool" --version 2>&1) || fail "elsa-responses --version exited non-zero: $printed"
[ "$printed" = "$version" ] || fail "elsa-responses --version printed '$printed', not $version"

# One test-request against a loopback stand-in server.
python3 scripts/fake-responses-server.py "$tmp/port" &
server_pid=$!
for _ in $(seq 1 50); do [ -s "$tmp/port" ] && break; sleep 0.1; done
[ -s "$tmp/port" ] || fail "the loopback server did not start"
port=$(cat "$tmp/port")

json=$(ELSA_RESPONSES_API_KEY=smoke-key "$tool" test-request --base-url "http://127.0.0.1:$port" --model m --input hi --json 2>"$tmp/stderr")
code=$?
[ "$code" = 0 ] || fail "elsa-responses test-request exited $code: $json $(cat "$tmp/stderr")"
text=$(python3 -c 'import json, sys; r = json.load(sys.stdin); print(r["status"], r["text"], sep="|")' <<<"$json") \
  || fail "elsa-responses test-request --json printed no JSON report: $json"
[ "$text" = "completed|Hi!" ] || fail "elsa-responses test-request reported status|text '$text', not 'completed|Hi!'"

echo "package-smoke: ${packages[*]} $version packed with README, icon, tags, Source Link and .snupkg; the installed tool works."
