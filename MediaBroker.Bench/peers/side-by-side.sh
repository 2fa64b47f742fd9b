#!/usr/bin/env bash
# MediaBroker next to the peer servers, in one run, with the independent C load client of ../shared/perf.
#   MediaBroker.Bench/peers/side-by-side.sh                 # from the repository root, after a Release build
# Env: PERF (the shared perf folder, default ../shared/perf), NS (readers, default "100 300 1000"),
#      HLS_NS ("100 300"), DUR (steady window s, 15), WARM (5), PEERS ("relay nginx nginx-nodelay gst mediabroker"),
#      RESULTS (/tmp/perf-bench/side-by-side).
# Each server runs pinned to core 1, publisher and load client on core 0, as in the peer figures of issue 9.
# "nginx-nodelay" is nginx-rtmp with TCP_NODELAY set on accepted sockets (LD_PRELOAD shim, nodelay.c here),
# the socket mode MediaBroker uses. Every process has a hard time limit and is stopped at the end.
set -u
ROOT=$(pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
PERF=${PERF:-$ROOT/../shared/perf}
W=/tmp/perf-bench
R=${RESULTS:-$W/side-by-side}
NS=${NS:-"100 300 1000"}
HLS_NS=${HLS_NS:-"100 300"}
DUR=${DUR:-15}
WARM=${WARM:-5}
PEERS=${PEERS:-"relay nginx nginx-nodelay gst mediabroker"}
LIFE=1800
DLL=${DLL:-$ROOT/MediaBroker/bin/Release/net10.0/mediabroker.dll}
mkdir -p "$W" "$R"
ulimit -n 65536 2>/dev/null || ulimit -n 16384 2>/dev/null || true

PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done; pkill -x nginx 2>/dev/null; sleep 1; }
trap cleanup EXIT
log() { echo "[$(date +%T)] $*" | tee -a "$R/sweep.log"; }

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
    log "$1 $2 N=$n"
    timeout $((DUR + WARM + n / 200 + 60)) taskset -c 0 "$W/loadclient" --proto "$2" --url "$3" \
      -n "$n" --ramp 200 --warmup "$WARM" --duration "$DUR" --pid "$4" --out "$f" > /dev/null
    [ -s "$f" ] && python3 -c "import json;d=json.load(open('$f'));print('  stalled %d cores %.3f client %.3f' % (d['stalled'], d['server_cores'], d['client_cpu_window_s']/d['window_s']))" | tee -a "$R/sweep.log"
    sleep 2
  done
}

for peer in $PEERS; do
  case $peer in
  relay)
    timeout $LIFE taskset -c 1 "$W/relayref" --port 9100 --src-port 9101 --max-seconds $LIFE & TP=$!; PIDS+=($TP); sleep 0.5
    SP=$(pgrep -P $TP relayref || echo $TP)
    publish tcp://127.0.0.1:9101 flv; sleep 3
    idle relay "$SP" raw tcp://127.0.0.1:9100
    sweep relay raw tcp://127.0.0.1:9100 "$SP" "$NS"
    kill $PP $TP; sleep 2 ;;
  nginx|nginx-nodelay)
    rm -rf /tmp/perf-nginx; mkdir -p /tmp/perf-nginx/hls
    pre=""; [ "$peer" = nginx-nodelay ] && pre="$W/nodelay.so"
    LD_PRELOAD=$pre timeout $LIFE taskset -c 1 nginx -p /tmp/perf-nginx -c "$PERF/nginx-rtmp.conf" > "$R/$peer.stdout" 2>&1 & TP=$!; PIDS+=($TP); sleep 1
    SP=$(pgrep -P $TP nginx || echo $TP)
    publish rtmp://127.0.0.1:1935/live/bench flv; sleep 8
    name=${peer/-/}
    idle "$name" "$SP" rtmp rtmp://127.0.0.1:1935/live/bench
    sweep "$name" rtmp rtmp://127.0.0.1:1935/live/bench "$SP" "$NS"
    [ "$peer" = nginx ] && { idle "$name" "$SP" hls http://127.0.0.1:8080/hls/bench.m3u8; sweep "$name" hls http://127.0.0.1:8080/hls/bench.m3u8 "$SP" "$HLS_NS"; }
    kill $PP $TP; pkill -x nginx; sleep 2 ;;
  gst)
    timeout $LIFE taskset -c 1 /usr/bin/python3 "$PERF/gst-rtsp-server.py" --port 8554 --udp-port 5004 --max-seconds $LIFE > "$R/gst.log" 2>&1 & TP=$!; PIDS+=($TP); sleep 2
    SP=$(pgrep -P $TP python3 || echo $TP)
    publish 'udp://127.0.0.1:5004?pkt_size=1316' mpegts; sleep 2
    idle gst "$SP" rtsp rtsp://127.0.0.1:8554/bench
    sweep gst rtsp rtsp://127.0.0.1:8554/bench "$SP" "$NS"
    kill $PP $TP; sleep 2 ;;
  mediabroker)
    D=$(mktemp -d)
    printf 'logLevel: warn\nrtspAddress: 127.0.0.1:18554\nrtspsAddress: 127.0.0.1:0\nrtpAddress: 127.0.0.1:0\nrtcpAddress: 127.0.0.1:0\nrtmpAddress: 127.0.0.1:11935\nrtmpsAddress: 127.0.0.1:0\nhlsAddress: 127.0.0.1:18888\nwebrtc: no\nsrt: no\napi: no\nmetrics: no\npaths:\n  all_others:\n' > "$D/mediabroker.yml"
    (cd "$D" && exec timeout $LIFE taskset -c 1 dotnet "$DLL" mediabroker.yml > "$R/mediabroker.log" 2>&1) & SP=$!; PIDS+=($SP); sleep 4
    BP=$(pgrep -P $SP -f mediabroker.dll || echo $SP)
    publish rtmp://127.0.0.1:11935/live/bench flv; sleep 6
    for p in rtmp rtsp; do
      url=rtmp://127.0.0.1:11935/live/bench; [ $p = rtsp ] && url=rtsp://127.0.0.1:18554/live/bench
      idle mediabroker "$BP" $p $url
      sweep mediabroker $p $url "$BP" "$NS"
    done
    idle mediabroker "$BP" hls http://127.0.0.1:18888/live/bench/index.m3u8
    sweep mediabroker hls http://127.0.0.1:18888/live/bench/index.m3u8 "$BP" "$HLS_NS"
    kill $PP $SP; rm -rf "$D"; sleep 2 ;;
  esac
done

python3 "$PERF/summarize.py" "$R" | tee "$R/results.md"
log "done; results in $R/results.md"
