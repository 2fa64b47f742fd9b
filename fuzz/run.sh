#!/usr/bin/env bash
# Fuzzes one target with AFL++ for N minutes: fuzz/run.sh <target> <minutes> [afl-fuzz options...]
# afl-fuzz's per-input timeout is 5000 ms, 15000 ms for dtls, whep-offer and whip-offer (their harnesses give up after
# 10 s, so that a stuck handshake or session is a crash with a message rather than a bare hang).
# Installs afl++ (apt) and the SharpFuzz.CommandLine 2.3.0 tool (into fuzz/.tools) when missing, publishes
# MediaBroker.Fuzz, instruments mediabroker.dll with sharpfuzz, runs afl-fuzz on fuzz/corpus/<target>/, then copies
# crashes and hangs to fuzz/findings/<target>/ and prints a summary (execs, paths, coverage). One afl-fuzz at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target=${1:?usage: fuzz/run.sh <target> <minutes>}
minutes=${2:?usage: fuzz/run.sh <target> <minutes>}
shift 2
[ -d "fuzz/corpus/$target" ] || { echo "no corpus fuzz/corpus/$target (fuzz/make-corpus.sh makes them)"; exit 2; }
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi

if ! command -v afl-fuzz >/dev/null; then
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends afl++ >/dev/null
fi
tools=$root/fuzz/.tools
if [ ! -x "$tools/sharpfuzz" ]; then
  dotnet tool install --tool-path "$tools" SharpFuzz.CommandLine --version 2.3.0 >/dev/null
fi

work=$root/fuzz/.work/$target
mkdir -p "$work"
# One instrumented build for every target, redone when a source file changed since it was made.
bin=$root/fuzz/.work/bin
stamp=$bin/.instrumented
if [ ! -f "$stamp" ] || [ -n "$(find MediaBroker fuzz/MediaBroker.Fuzz \( -name '*.cs' -o -name '*.csproj' \) -newer "$stamp" -print -quit)" ]; then
  rm -rf "$bin" && mkdir -p "$bin"
  dotnet publish fuzz/MediaBroker.Fuzz/MediaBroker.Fuzz.csproj -c Release -o "$bin" -nologo -v q >/dev/null
  "$tools/sharpfuzz" "$bin/mediabroker.dll" >/dev/null
  # BouncyCastle's DTLS/TLS code parses what the dtls target feeds it; only that namespace, to keep the map for ours.
  "$tools/sharpfuzz" "$bin/BouncyCastle.Crypto.dll" Org.BouncyCastle.Crypto.Tls >/dev/null
  touch "$stamp"
fi

out=$work/afl
rm -rf "$out"
echo "fuzzing $target for $minutes min (afl-fuzz output in $out)"
# SharpFuzz runs the .NET process as AFL's fork server: no binary check, no memory limit, a timeout that allows JIT.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
set +e
case $target in dtls|whep-offer|whip-offer) timeout_ms=15000 ;; *) timeout_ms=5000 ;; esac
afl-fuzz -i "fuzz/corpus/$target" -o "$out" -m none -t "$timeout_ms" -V $((minutes * 60)) "$@" -- \
  dotnet "$bin/MediaBroker.Fuzz.dll" "$target" > "$work/afl-fuzz.log" 2>&1
rc=$?
set -e
stats=$out/default/fuzzer_stats
if [ ! -f "$stats" ]; then
  echo "afl-fuzz did not start (exit $rc):"; tail -n 30 "$work/afl-fuzz.log"; exit 1
fi

findings=$root/fuzz/findings/$target
mkdir -p "$findings"
crashes=0
for kind in crashes hangs; do
  for f in "$out/default/$kind"/id:*; do
    [ -f "$f" ] || continue
    cp "$f" "$findings/$kind-$(basename "$f" | tr ':,' '__')"
    [ "$kind" = crashes ] && crashes=$((crashes + 1))
  done
done
stat() { sed -n "s/^$1 *: *//p" "$stats"; }
echo "target:        $target"
echo "run time:      $(( $(stat last_update) - $(stat start_time) )) s"
echo "execs:         $(stat execs_done) ($(stat execs_per_sec)/s)"
echo "corpus paths:  $(stat corpus_count) (seeds $(ls "fuzz/corpus/$target" | wc -l), found $(stat corpus_found))"
echo "coverage:      $(stat bitmap_cvg) of the map, $(stat edges_found) edges"
echo "crashes:       $(stat saved_crashes) saved, hangs: $(stat saved_hangs)"
[ "$crashes" -gt 0 ] && echo "crash inputs copied to $findings (reproduce: dotnet $bin/MediaBroker.Fuzz.dll $target <file>)"
exit 0
