#!/usr/bin/env bash
# MediaBroker next to the peer servers, in one run, with the independent C load client of ../shared/perf.
#   MediaBroker.Bench/peers/side-by-side.sh [path/to/srs]   # from the repository root, after a Release build
# Env: PERF (the shared perf folder, default ../shared/perf), NS (readers, default "100 300 1000"),
#      HLS_NS ("100 300"), DUR (steady window s, 15), WARM (5), RESULTS (/tmp/perf-bench/side-by-side),
#      PEERS ("relay relay-nodelay nginx nginx-nodelay gst srs srs-minlat srs-webrtc mediabroker mediabroker-350ms publishers"),
#      SRS (the SRS binary, objs/srs of a build as docs/benchmarks.md describes; or the first argument; the srs peers
#      are skipped without it), WEBRTC_NS (WebRTC viewers, "100"), LAT_READERS (latency readers, "100"; "" skips either),
#      BENCH (mediabroker-bench.dll, for WebRTC viewers, latency and publishers),
#      PUB_NS (publishers: streams per run, "1 10 50"), PUB_WARM (publishers' warm-up s, 20),
#      PUB_SERVERS (publishers: "nginx nginx-nohls mediabroker").
# Each server runs pinned to core 1, publisher and load client on core 0, as in the peer figures of issue 9.
# "nginx-nodelay" and "relay-nodelay" are nginx-rtmp and the C relay with TCP_NODELAY set on accepted sockets (LD_PRELOAD shim, nodelay.c here),
# the socket mode MediaBroker uses. "srs" is SRS as configured by default (players get merged writes every 350 ms),
# "srs-minlat" SRS with `min_latency on` and `mw_latency 0` (a write per message), "srs-webrtc" SRS with RTMP-to-WebRTC
# on (a separate instance: that mode turns min_latency on for every player and transcodes the audio); "mediabroker"
# runs with readerBatchDuration 0s (the default), "mediabroker-350ms" with 350ms. WebRTC viewers and the publish->read
# latency come from the tool (MediaBroker.Bench), which starts its own broker, or measures SRS with --server-pid.
# "publishers" is the cost of a stream: for each N of PUB_NS, a fresh server on core 1 (nginx-rtmp as configured in
# PERF, which also writes HLS for every stream; "nginx-nohls" the same with `hls off`; MediaBroker with
# readerBatchDuration 0s) and the tool on core 0 (`publishers --server-pid`): N ffmpeg RTMP publishers into
# live/bench0..N-1, one RTMP reader each, the server's CPU and RSS against the same server before the first publisher.
# Every process has a hard time limit and is stopped at the end.
set -u
ROOT=$(pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
# Absolute: nginx resolves its -c file against its own prefix.
PERF=$(cd "${PERF:-$ROOT/../shared/perf}" && pwd)
W=/tmp/perf-bench
R=${RESULTS:-$W/side-by-side}
NS=${NS:-"100 300 1000"}
HLS_NS=${HLS_NS:-"100 300"}
DUR=${DUR:-15}
WARM=${WARM:-5}
PEERS=${PEERS:-"relay relay-nodelay nginx nginx-nodelay gst srs srs-minlat srs-webrtc mediabroker mediabroker-350ms publishers"}
SRS=${SRS:-${1:-}}
WEBRTC_NS=${WEBRTC_NS-100}
LAT_READERS=${LAT_READERS-100}
PUB_NS=${PUB_NS:-"1 10 50"}
PUB_WARM=${PUB_WARM:-20}
PUB_SERVERS=${PUB_SERVERS:-"nginx nginx-nohls mediabroker"}
LIFE=1800
DLL=${DLL:-$ROOT/MediaBroker/bin/Release/net10.0/mediabroker.dll}
BENCH=${BENCH:-$ROOT/MediaBroker.Bench/bin/Release/net10.0/mediabroker-bench.dll}
mkdir -p "$W" "$R"
ulimit -n 65536 2>/dev/null || ulimit -n 16384 2>/dev/null || true

PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done; sleep 1; }
trap cleanup EXIT
log() { echo "[$(date +%T)] $*" | tee -a "$R/sweep.log"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
# Waits (up to 120 s) until a server accepts on 127.0.0.1:$1: a loaded machine starts servers slowly.
wait_port() { local i; for i in $(seq 240); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.5; done; log "port $1 not open after 120 s"; }

gcc -O2 -Wall -o "$W/loadclient" "$PERF/loadclient.c" || exit 1
gcc -O2 -Wall -o "$W/relayref" "$PERF/relayref.c" || exit 1
gcc -O2 -Wall -shared -fPIC -o "$W/nodelay.so" "$HERE/nodelay.c" -ldl || exit 1
if [ ! -s "$W/bench.mp4" ]; then
  ffmpeg -hide_banner -loglevel error -nostdin -y -f lavfi -i testsrc2=size=1280x720:rate=30 \
    -f lavfi -i sine=frequency=1000:sample_rate=48000 -t 60 \
    -c:v libx264 -preset ultrafast -tune zerolatency -b:v 2M -maxrate 2M -bufsize 2M \
    -g 60 -keyint_min 60 -sc_threshold 0 -pix_fmt yuv420p -c:a aac -b:a 128k -ar 48000 \
    -movflags +faststart "$W/bench.mp4" || exit 1
fi
echo "{\"source_bps\":$(ffprobe -v error -show_entries format=bit_rate -of default=nw=1:nk=1 "$W/bench.mp4")}" > "$R/source.json"

publish() { # url format
  timeout $LIFE taskset -c 0 ffmpeg -hide_banner -loglevel error -nostdin -re -stream_loop -1 -i "$W/bench.mp4" -c copy -f "$2" "$1" \
    2>> "$R/publisher.log" &
  PP=$!; PIDS+=($PP)
}

# Server cores with the publisher and one reader, over 5 s -> idle JSON (as run-peer-sweep.sh).
idle() { # name pid proto url
  timeout 30 taskset -c 0 "$W/loadclient" --proto "$3" --url "$4" -n 1 --warmup 3 --duration 5 --pid "$2" --out "$R/$1-idle-$3.raw" > /dev/null
  python3 -c "import json;d=json.load(open('$R/$1-idle-$3.raw'));json.dump({'idle_cores':d['server_cores'],'rss_mib':d['server_rss_mib_max']},open('$R/$1-idle-$3.json','w'))"
}

sweep() { # name proto url pid "Ns"
  local n f
  for n in $5; do
    f="$R/$1-$2-$n.json"
    log "$1 $2 N=$n load $(load)"
    timeout $((DUR + WARM + n / 200 + 60)) taskset -c 0 "$W/loadclient" --proto "$2" --url "$3" \
      -n "$n" --ramp 200 --warmup "$WARM" --duration "$DUR" --pid "$4" --out "$f" > /dev/null
    [ -s "$f" ] && python3 -c "import json;d=json.load(open('$f'));print('  stalled %d cores %.3f client %.3f' % (d['stalled'], d['server_cores'], d['client_cpu_window_s']/d['window_s']))" | tee -a "$R/sweep.log"
    log "  load after $(load)"
    sleep 2
  done
}

# The tool on core 0 (its broker, when it starts one, on core 1): bench <json name> <scenario and options...>
bench() {
  local f="$R/bench_${1//-/_}.json"; shift  # no dash: summarize.py reads *-*-*.json as the C client's reports
  log "bench $* load $(load)"
  timeout 600 taskset -c 0 dotnet "$BENCH" "$@" --json "$f" > "$R/bench.log.tmp" 2>&1 || log "  bench failed: $(tail -3 "$R/bench.log.tmp")"
  cat "$R/bench.log.tmp" >> "$R/bench.log"
  log "  load after $(load)"
}

# SRS's config: RTMP on 19350, HLS (2 s TS fragments) served on 18080, logs and files in the temp dir $1.
# $2: extra vhost lines (the mode). With srs-webrtc, WHEP on 11985 and WebRTC media on UDP 18000.
srs_conf() {
  mkdir -p "$1/html" "$1/objs"
  printf 'listen 19350;\nmax_connections 3000;\ndaemon off;\npid %s/srs.pid;\nsrs_log_tank file;\nsrs_log_file %s/srs.log;\nff_log_dir %s;\n' "$1" "$1" "$1"
  printf 'http_server { enabled on; listen 18080; dir %s/html; }\n' "$1"
  [ "$peer" = srs-webrtc ] && printf 'http_api { enabled on; listen 11985; }\nrtc_server { enabled on; listen 18000; candidate 127.0.0.1; }\n'
  printf 'vhost __defaultVhost__ {\n  hls { enabled on; hls_fragment 2; hls_window 10; hls_path %s/html; }\n%b}\n' "$1" "$2"
}

# nginx-rtmp on 1935 (RTMP) and 8080 (HLS), pinned to core 1: nginx_start <log name> <config> [LD_PRELOAD]; sets TP, SP.
nginx_start() {
  rm -rf /tmp/perf-nginx; mkdir -p /tmp/perf-nginx/hls
  LD_PRELOAD=${3:-} timeout $LIFE taskset -c 1 nginx -p /tmp/perf-nginx -c "$2" > "$R/$1.stdout" 2>&1 & TP=$!; PIDS+=($TP); wait_port 1935
  SP=$(pgrep -P $TP nginx || echo $TP)
}

# MediaBroker on RTMP 11935, RTSP 18554, HLS 18888 (no API, WebRTC or SRT), pinned to core 1, in a temp dir D:
# mb_start <log name> [extra path lines]; sets D, SP, BP.
mb_start() {
  D=$(mktemp -d)
  printf "logLevel: warn\nrtspAddress: 127.0.0.1:18554\nrtspsAddress: 127.0.0.1:0\nrtpAddress: 127.0.0.1:0\nrtcpAddress: 127.0.0.1:0\nrtmpAddress: 127.0.0.1:11935\nrtmpsAddress: 127.0.0.1:0\nhlsAddress: 127.0.0.1:18888\nwebrtc: no\nsrt: no\napi: no\nmetrics: no\npaths:\n  all_others:\n${2:-}" > "$D/mediabroker.yml"
  (cd "$D" && exec timeout $LIFE taskset -c 1 dotnet "$DLL" mediabroker.yml > "$R/$1.log" 2>&1) & SP=$!; PIDS+=($SP); wait_port 11935
  BP=$(pgrep -P $SP -f mediabroker.dll || echo $SP)
}

for peer in $PEERS; do
  case $peer in
  relay|relay-nodelay)
    pre=""; [ "$peer" = relay-nodelay ] && pre="$W/nodelay.so"
    LD_PRELOAD=$pre timeout $LIFE taskset -c 1 "$W/relayref" --port 9100 --src-port 9101 --max-seconds $LIFE & TP=$!; PIDS+=($TP); wait_port 9100
    SP=$(pgrep -P $TP relayref || echo $TP)
    publish tcp://127.0.0.1:9101 flv; sleep 3
    name=${peer/-/}
    idle "$name" "$SP" raw tcp://127.0.0.1:9100
    sweep "$name" raw tcp://127.0.0.1:9100 "$SP" "$NS"
    kill $PP $TP; sleep 2 ;;
  nginx|nginx-nodelay)
    pre=""; [ "$peer" = nginx-nodelay ] && pre="$W/nodelay.so"
    nginx_start "$peer" "$PERF/nginx-rtmp.conf" "$pre"
    publish rtmp://127.0.0.1:1935/live/bench flv; sleep 8
    name=${peer/-/}
    idle "$name" "$SP" rtmp rtmp://127.0.0.1:1935/live/bench
    sweep "$name" rtmp rtmp://127.0.0.1:1935/live/bench "$SP" "$NS"
    [ "$peer" = nginx ] && { idle "$name" "$SP" hls http://127.0.0.1:8080/hls/bench.m3u8; sweep "$name" hls http://127.0.0.1:8080/hls/bench.m3u8 "$SP" "$HLS_NS"; }
    kill $PP $SP $TP; sleep 2 ;;
  gst)
    timeout $LIFE taskset -c 1 /usr/bin/python3 "$PERF/gst-rtsp-server.py" --port 8554 --udp-port 5004 --max-seconds $LIFE > "$R/gst.log" 2>&1 & TP=$!; PIDS+=($TP); sleep 2
    SP=$(pgrep -P $TP python3 || echo $TP)
    publish 'udp://127.0.0.1:5004?pkt_size=1316' mpegts; sleep 2
    idle gst "$SP" rtsp rtsp://127.0.0.1:8554/bench
    sweep gst rtsp rtsp://127.0.0.1:8554/bench "$SP" "$NS"
    kill $PP $TP; sleep 2 ;;
  mediabroker|mediabroker-350ms)
    # Same broker and listeners; the 350ms peer adds merged writes and skips HLS and WebRTC (no TCP readers to batch).
    name=${peer/-/}; batch=""; batchopt=()
    [ "$peer" = mediabroker-350ms ] && { batch='    readerBatchDuration: 350ms\n'; batchopt=(--batch 350ms); }
    mb_start "$peer" "$batch"
    publish rtmp://127.0.0.1:11935/live/bench flv; sleep 6
    for p in rtmp rtsp; do
      url=rtmp://127.0.0.1:11935/live/bench; [ $p = rtsp ] && url=rtsp://127.0.0.1:18554/live/bench
      idle "$name" "$BP" $p $url
      sweep "$name" $p $url "$BP" "$NS"
    done
    if [ "$peer" = mediabroker ]; then
      idle mediabroker "$BP" hls http://127.0.0.1:18888/live/bench/index.m3u8
      sweep mediabroker hls http://127.0.0.1:18888/live/bench/index.m3u8 "$BP" "$HLS_NS"
    fi
    kill $PP $SP; rm -rf "$D"; sleep 2
    if [ "$peer" = mediabroker ]; then
      for n in $WEBRTC_NS; do bench mediabroker-webrtc-$n fanout --proto webrtc --readers "$n" --seconds "$DUR" --warmup "$WARM" --broker "$DLL"; done
    fi
    [ -n "$LAT_READERS" ] && bench "$name-latency" latency --pair rtmp-rtmp --readers "$LAT_READERS" --seconds "$DUR" --warmup 5 --broker "$DLL" "${batchopt[@]}" ;;
  srs|srs-minlat|srs-webrtc)
    if [ -z "$SRS" ] || [ ! -x "$SRS" ]; then log "$peer skipped: set SRS to the SRS binary"; continue; fi
    D=$(mktemp -d)
    mode=""
    [ "$peer" = srs-minlat ] && mode='  min_latency on;\n  play { mw_latency 0; }\n'
    [ "$peer" = srs-webrtc ] && mode='  rtc { enabled on; rtmp_to_rtc on; }\n'
    srs_conf "$D" "$mode" > "$D/srs.conf"
    (cd "$D" && exec timeout $LIFE taskset -c 1 "$SRS" -c "$D/srs.conf" > "$R/$peer.stdout" 2>&1) & SP=$!; PIDS+=($SP); wait_port 19350
    BP=$(pgrep -P $SP -x srs || echo $SP)
    name=${peer/-/}
    if [ "$peer" = srs-webrtc ]; then
      # The tool publishes its own clip with ffmpeg and reads over SRS's WHEP endpoint.
      for n in $WEBRTC_NS; do
        bench srs-webrtc-$n fanout --proto webrtc --readers "$n" --seconds "$DUR" --warmup "$WARM" \
          --server-pid "$BP" --server-rtmp 19350 --server-whep 'http://127.0.0.1:11985/rtc/v1/whep/?app=live&stream=bench'
      done
    else
      publish rtmp://127.0.0.1:19350/live/bench flv; sleep 8
      idle "$name" "$BP" rtmp rtmp://127.0.0.1:19350/live/bench
      sweep "$name" rtmp rtmp://127.0.0.1:19350/live/bench "$BP" "$NS"
      [ "$peer" = srs ] && { idle "$name" "$BP" hls http://127.0.0.1:18080/live/bench.m3u8; sweep "$name" hls http://127.0.0.1:18080/live/bench.m3u8 "$BP" "$HLS_NS"; }
      kill $PP; sleep 3
      # The tool's own publisher (SEI-stamped frames) replaces ffmpeg on the same stream.
      [ -n "$LAT_READERS" ] && bench $name-latency latency --pair rtmp-rtmp --readers "$LAT_READERS" --seconds "$DUR" --warmup 5 \
        --server-pid "$BP" --server-rtmp 19350
    fi
    kill $SP; sleep 2; rm -rf "$D" ;;
  publishers)
    # A fresh server per N, so that its "empty" figures (before the first publisher) and RSS per stream start clean.
    sed 's/hls on;/hls off;/' "$PERF/nginx-rtmp.conf" > "$W/nginx-rtmp-nohls.conf"
    for n in $PUB_NS; do
      for srv in $PUB_SERVERS; do
        case $srv in
        nginx|nginx-nohls)
          if [ ! -f /usr/lib/nginx/modules/ngx_rtmp_module.so ]; then log "$srv skipped: apt-get install -y nginx-light libnginx-mod-rtmp"; continue; fi
          conf=$PERF/nginx-rtmp.conf; [ $srv = nginx-nohls ] && conf=$W/nginx-rtmp-nohls.conf
          nginx_start "pub-$srv" "$conf"
          bench "pub-$srv-$n" publishers --count "$n" --proto rtmp --seconds "$DUR" --warmup "$PUB_WARM" --server-pid "$SP" --server-rtmp 1935
          kill $SP $TP ;;
        mediabroker)
          mb_start pub-mediabroker
          bench "pub-mediabroker-$n" publishers --count "$n" --proto rtmp --seconds "$DUR" --warmup "$PUB_WARM" --server-pid "$BP" --server-rtmp 11935
          kill $SP; rm -rf "$D" ;;
        esac
        sleep 2
      done
    done ;;
  esac
done

python3 "$PERF/summarize.py" "$R" | tee "$R/results.md"
# The tool's WebRTC and latency runs (fanout: server cores, tool cores, stalls; latency: p50/p99 publish->read).
python3 - "$R" <<'PY' | tee -a "$R/results.md"
import glob, json, os, sys
for f in sorted(glob.glob(os.path.join(sys.argv[1], "bench_*.json"))):
    for d in json.load(open(f)):
        name = os.path.basename(f)[6:-5]
        if "streams" in d:
            continue  # publishers: their own table below
        if "p99Ms" in d:
            print("| %s | %d readers | p50 %.1f ms | p99 %.1f ms | max %.1f ms | server %.3f cores | no samples %d |" % (
                name, d["readers"], d["p50Ms"], d["p99Ms"], d["maxMs"], d["brokerCores"], d["readersWithoutSamples"]))
        else:
            print("| %s | %d readers | server %.3f cores (idle %.3f) | %.3f ms/s per reader | tool %.3f cores | %d / %d kbit/s mean/min | stalled %d | failed %d | RSS %.1f MiB |" % (
                name, d["readers"], d["brokerCores"], d["idleBrokerCores"], d["cpuMsPerSecPerReader"], d["toolCores"],
                d["meanReaderKbps"], d["minReaderKbps"], d["stalled"], d["failed"], d["rssMib"]))
PY
# The publishers block: N RTMP-published streams with one RTMP reader each, per server (bench_pub_<server>_<N>.json).
python3 - "$R" <<'PY' | tee -a "$R/results.md"
import glob, json, os, sys
rows = []
for f in glob.glob(os.path.join(sys.argv[1], "bench_pub_*.json")):
    server = os.path.basename(f)[10:-5].rsplit("_", 1)[0].replace("_", "-")
    rows += [(server, d) for d in json.load(open(f))]
if rows:
    print("\n| server | streams | server cores | **CPU ms/s per stream** | empty server cores | RSS MiB (empty) | RSS KiB per stream | stalled / failed readers | kbit/s per reader mean / min (source) | publishers' cores | tool cores |")
    print("| --- | ---: | ---: | ---: | ---: | --- | ---: | --- | --- | ---: | ---: |")
    for server, d in sorted(rows, key=lambda r: (r[1]["streams"], r[0])):
        print("| %s | %d | %.3f | **%.3f** | %.3f | %.1f (%.1f) | %.1f | %d / %d | %d / %d (%d) | %.3f | %.3f |" % (
            server, d["streams"], d["brokerCores"], d["cpuMsPerSecPerStream"], d["emptyBrokerCores"], d["rssMib"], d["emptyRssMib"],
            d["rssKibPerStream"], d["stalled"], d["failed"], d["meanReaderKbps"], d["minReaderKbps"], d["sourceKbps"],
            d["publisherCores"], d["toolCores"]))
PY
log "done; results in $R/results.md"
