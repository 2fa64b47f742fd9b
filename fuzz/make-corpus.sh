#!/usr/bin/env bash
# Regenerates the seed corpora under fuzz/corpus/<target>/ from real clients: ffmpeg publishing and reading over RTSP
# and RTMP through a recording TCP relay in front of the broker, ffmpeg's RTP muxer on loopback UDP, and small
# ffmpeg-made files (MPEG-TS, MP4, fMP4, FLV, Matroska, HLS playlists, raw bitstreams) of a 0.5 s lavfi clip.
# Seeds that no client here produces are written by hand from their specifications (PROXY headers, SRT stream ids,
# RTSP Basic auth) or by the broker's own code (SRTP with the targets' fixed key, MIKEY): see docs/security.md.
# Needs ffmpeg, python3, curl, openssl and the .NET SDK; uses TCP/UDP ports 47000-47999 on 127.0.0.1.
# Parts: `base` (the first 42 targets; replaces all of fuzz/corpus), `wire` (api-json, webrtc-demux, rtmp-handshake,
# flv-tags, rtsp-tunnel, hls-fmp4; replaces only their folders) and `webrtc` (dtls, whep-offer, whip-offer, rtsp-response
# and the embedded Chromium ClientHello flight: Chromium through Playwright, recorded with tcpdump; needs root for
# tcpdump and `npm ci` in tests-tools). No argument: all three.
set -euo pipefail
parts=" ${*:-base wire webrtc} "
want() { [[ "$parts" == *" $1 "* ]]; }
cd "$(dirname "$0")/.."
root=$PWD
out=$root/fuzz/corpus
work=$(mktemp -d)
broker_pid=""
dump_pid=""
cleanup() { [ -n "$broker_pid" ] && kill "$broker_pid" 2>/dev/null; [ -n "$dump_pid" ] && kill "$dump_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

dotnet build fuzz/MediaBroker.Fuzz/MediaBroker.Fuzz.csproj -c Release -nologo -v q >/dev/null
fuzz=(dotnet "$root/fuzz/MediaBroker.Fuzz/bin/Release/net10.0/MediaBroker.Fuzz.dll")
capture=$root/fuzz/tools/capture.py
if want base; then rm -rf "$out"; fi
mkdir -p "$out"
seed() { mkdir -p "$out/$1" && cp "$2" "$out/$1/${3:-$(basename "$2")}"; }
ff() { ffmpeg -hide_banner -loglevel error -y "$@"; }
V=(-f lavfi -i testsrc2=size=96x64:rate=10 -t 0.5)
A=(-f lavfi -i sine=frequency=440:sample_rate=48000 -t 0.5)
X264=(-c:v libx264 -preset ultrafast -g 5 -bf 0 -crf 40)

cd "$work"
if want base; then
echo "files and bitstreams"
ff "${V[@]}" "${A[@]}" "${X264[@]}" -c:a aac -b:a 32k h264_aac.ts
ff "${V[@]}" "${A[@]}" -c:v libx265 -preset ultrafast -x265-params log-level=error:keyint=5 -crf 40 -c:a libopus -b:a 24k h265_opus.ts
ff "${V[@]}" "${A[@]}" -c:v mpeg2video -q:v 20 -c:a mp2 -b:a 64k mpeg2_mp2.ts
ff "${A[@]}" -c:a ac3 -b:a 64k ac3.ts
ff "${V[@]}" "${A[@]}" "${X264[@]}" -c:a aac -b:a 32k h264_aac.mp4
ff "${V[@]}" "${A[@]}" "${X264[@]}" -c:a aac -b:a 32k -movflags frag_keyframe+empty_moov+default_base_moof h264_aac_frag.mp4
ff "${V[@]}" -c:v libaom-av1 -cpu-used 8 -crf 60 -g 5 av1.mp4
ff "${V[@]}" "${A[@]}" "${X264[@]}" -c:a aac -b:a 32k h264_aac.flv
ff "${V[@]}" "${A[@]}" -c:v libvpx-vp9 -deadline realtime -crf 60 -b:v 0 -g 5 -c:a libopus -b:a 24k vp9_opus.mkv
ff "${V[@]}" "${X264[@]}" -f h264 h264.h264
ff "${V[@]}" -c:v libx265 -preset ultrafast -x265-params log-level=error:keyint=5 -crf 40 -f hevc h265.hevc
ff "${V[@]}" -c:v libaom-av1 -cpu-used 8 -crf 60 -g 5 -f obu av1.obu
ff "${V[@]}" -c:v libvpx-vp9 -deadline realtime -crf 60 -b:v 0 -g 5 -f ivf vp9.ivf
ff "${A[@]}" -c:a aac -b:a 32k -f adts aac.adts
ff "${A[@]}" -c:a aac -b:a 32k -f latm aac.latm
ff "${A[@]}" -c:a libopus -b:a 24k -f ogg opus.ogg
ff "${A[@]}" -c:a ac3 -b:a 64k -f ac3 audio.ac3
ff "${A[@]}" -c:a mp2 -b:a 64k -f mp2 audio.mp2
ff "${V[@]}" "${X264[@]}" -f hls -hls_time 0.2 -hls_list_size 3 -master_pl_name master.m3u8 hls.m3u8
ff "${V[@]}" "${X264[@]}" -f hls -hls_time 0.2 -hls_segment_type fmp4 -hls_fmp4_init_filename init.mp4 fmp4.m3u8
for f in h264_aac.ts h265_opus.ts mpeg2_mp2.ts ac3.ts; do seed mpegts "$f"; seed ts-file "$f"; done
for f in h264_aac.mp4 h264_aac_frag.mp4 av1.mp4; do seed mp4 "$f"; seed mp4-file "$f"; done
seed flv-file h264_aac.flv
seed mkv-file vp9_opus.mkv
head -c 4096 h264.h264 > h264.annexb && seed h264 h264.annexb
head -c 4096 h265.hevc > h265.annexb && seed h265 h265.annexb
head -c 2048 av1.obu > av1.tu && seed av1 av1.tu
python3 - <<'PY'
import struct
data = open("vp9.ivf", "rb").read()
pos, n = 32, 0
while pos + 12 <= len(data) and n < 3:      # IVF: 32-byte file header, then 12-byte frame headers
    size = struct.unpack_from("<I", data, pos)[0]
    open("vp9-frame%d" % n, "wb").write(data[pos + 12:pos + 12 + size][:2048])
    pos, n = pos + 12 + size, n + 1
ogg = open("opus.ogg", "rb").read()
i = ogg.find(b"OpusHead")
open("opus-head", "wb").write(ogg[i:i + 19])
PY
for f in vp9-frame0 vp9-frame1; do seed vp9 "$f"; done
seed opus opus-head
head -c 1024 aac.adts > adts && seed aac adts
head -c 1024 aac.latm > loas && seed aac loas
head -c 1024 audio.ac3 > ac3-frame && seed ac3 ac3-frame
head -c 1024 audio.mp2 > mp2-frame && seed mpeg-audio mp2-frame
for f in hls.m3u8 master.m3u8 fmp4.m3u8; do seed hls-playlist "$f"; done

echo "RTP captures"
port=47100
rtp() {
  local name=$1; shift
  python3 "$capture" rtp "$name" "$port" "$@"
  port=$((port + 2))
}
rtp h264 "${V[@]}" "${X264[@]}" -payload_type 96 -f rtp
rtp h265 "${V[@]}" -c:v libx265 -preset ultrafast -x265-params log-level=error:keyint=5 -crf 40 -f rtp
rtp vp8 "${V[@]}" -c:v libvpx -g 5 -b:v 100k -f rtp
rtp vp9 "${V[@]}" -c:v libvpx-vp9 -deadline realtime -g 5 -b:v 100k -strict experimental -f rtp
rtp mpeg4 "${V[@]}" -c:v mpeg4 -g 5 -q:v 20 -f rtp
rtp mpeg2 "${V[@]}" -c:v mpeg2video -g 5 -q:v 20 -f rtp
rtp mjpeg "${V[@]}" -c:v mjpeg -q:v 20 -huffman default -pix_fmt yuvj420p -f rtp
rtp aac "${A[@]}" -c:a aac -b:a 32k -f rtp
rtp latm "${A[@]}" -c:a aac -b:a 32k -rtpflags latm -f rtp
rtp mp2 "${A[@]}" -c:a mp2 -b:a 64k -f rtp
# ffmpeg has no AC-3 or AV1 RTP packetizer: AC-3 comes from GStreamer's rtpac3pay.
rtp ac3 gst-launch-1.0 -q audiotestsrc num-buffers=15 ! avenc_ac3 bitrate=64000 ! ac3parse ! rtpac3pay ! udpsink host=127.0.0.1 port=$port
rtp opus "${A[@]}" -c:a libopus -b:a 24k -f rtp
rtp pcmu -f lavfi -i sine=frequency=440:sample_rate=8000 -t 0.5 -c:a pcm_mulaw -f rtp
for pair in h264:rtp-h264 h265:rtp-h265 vp8:rtp-vp8 vp9:rtp-vp9 mpeg4:rtp-mpeg4video mpeg2:rtp-mpeg12video \
    mjpeg:rtp-mjpeg aac:rtp-aac latm:rtp-latm mp2:rtp-mpeg12audio ac3:rtp-ac3 opus:rtp-opus; do
  seed "${pair#*:}" "${pair%%:*}.rtp"
done
for f in h264 aac opus pcmu vp8; do seed rtp "$f.rtp"; done
# No client here sends AV1 over RTP: one hand-made packet (RTP AV1 aggregation header W=1, N=1) carrying the
# sequence header OBU of the AV1 file above.
python3 - <<'PY'
import struct
obu = open("av1.obu", "rb").read()
seq = obu[2:2 + 2 + obu[3]]                       # after the temporal delimiter: sequence header type + size + body
packet = struct.pack(">BBHII", 0x80, 0x80 | 96, 1, 0, 0x1234) + bytes([0x18]) + seq
open("av1.rtp", "wb").write(struct.pack(">H", len(packet)) + packet)
PY
seed rtp-av1 av1.rtp
for f in *.rtcp; do seed rtcp "$f"; done
for f in *.sdp; do seed sdp "$f"; done
for f in h264.rtp opus.rtp h264.rtcp; do "${fuzz[@]}" --seed srtp "$f" "$out/srtp"; done
"${fuzz[@]}" --seed mikey - "$out/mikey"

echo "RTSP and RTMP sessions through the broker"
cat > broker.yml <<'YML'
logLevel: warn
api: no
hls: no
webrtc: no
srt: no
rtspAddress: 127.0.0.1:47554
rtspsAddress: 127.0.0.1:47322
rtpAddress: 127.0.0.1:47000
rtcpAddress: 127.0.0.1:47001
srtpAddress: 127.0.0.1:47004
srtcpAddress: 127.0.0.1:47005
rtspAuthMethods: [basic, digest]
rtmpAddress: 127.0.0.1:47935
rtmpsAddress: 127.0.0.1:47936
authInternalUsers:
- user: any
  permissions:
  - action: read
- user: pub
  pass: secret
  permissions:
  - action: publish
paths:
  all_others:
YML
dotnet "$root/MediaBroker/bin/Release/net10.0/mediabroker.dll" broker.yml > broker.log 2>&1 &
broker_pid=$!
python3 "$capture" wait 47554 && python3 "$capture" wait 47935
CAPTURE_MAX=12000 python3 "$capture" proxy 47555 47554 rtsp-publish-tcp \
  ffmpeg -hide_banner -loglevel error -re "${V[@]}" "${A[@]}" "${X264[@]}" -c:a aac -b:a 32k \
  -f rtsp -rtsp_transport tcp rtsp://pub:secret@127.0.0.1:47555/cam
CAPTURE_MAX=12000 python3 "$capture" proxy 47555 47554 rtsp-publish-udp \
  ffmpeg -hide_banner -loglevel error -re "${V[@]}" -c:v libx265 -preset ultrafast -x265-params log-level=error -crf 40 \
  -f rtsp -rtsp_transport udp rtsp://pub:secret@127.0.0.1:47555/cam2
# A reader while a publisher streams: DESCRIBE, SETUP (TCP), PLAY, the receiver reports.
ffmpeg -hide_banner -loglevel error -re -f lavfi -i testsrc2=size=96x64:rate=10 -t 30 "${X264[@]}" -f rtsp -rtsp_transport tcp \
  rtsp://pub:secret@127.0.0.1:47554/live & publisher=$!
sleep 3
python3 "$capture" proxy 47555 47554 rtsp-read-tcp \
  ffmpeg -hide_banner -loglevel error -rtsp_transport tcp -i rtsp://127.0.0.1:47555/live -t 0.5 -f null -
CAPTURE_MAX=20000 python3 "$capture" proxy 47936 47935 rtmp-publish-raw \
  ffmpeg -hide_banner -loglevel error -re "${V[@]}" "${A[@]}" "${X264[@]}" -c:a aac -b:a 32k \
  -f flv "rtmp://127.0.0.1:47936/live/rtmpcam?user=pub&pass=secret"
python3 "$capture" proxy 47936 47935 rtmp-read-raw \
  ffmpeg -hide_banner -loglevel error -i rtmp://127.0.0.1:47936/live/live -t 0.5 -f null -
kill "$publisher" 2>/dev/null || true
wait "$publisher" 2>/dev/null || true
for f in rtsp-publish-tcp rtsp-publish-udp rtsp-read-tcp; do seed rtsp-message "$f"; done
# The RTMP target starts after the handshake (C0+C1+C2: 1 + 1536 + 1536 bytes).
for f in rtmp-publish rtmp-read; do tail -c +3074 "$f-raw" | head -c 12000 > "$f"; seed rtmp "$f"; "${fuzz[@]}" --seed amf0 "$f" "$out/amf0"; done
python3 - "$out" <<'PY'
import os, re, sys
out = sys.argv[1]
def put(target, name, data):
    os.makedirs(os.path.join(out, target), exist_ok=True)
    open(os.path.join(out, target, name), "wb").write(data)
n = 0
for f in ("rtsp-publish-tcp", "rtsp-publish-udp", "rtsp-read-tcp"):
    text = open(f, "rb").read()
    for header, target in ((b"Transport", "rtsp-transport"), (b"Authorization", "rtsp-auth")):
        for m in re.finditer(rb"\r\n" + header + rb": ([^\r]*)", text):
            put(target, "%s-%d" % (f, n), m.group(1)); n += 1
    for m in re.finditer(rb"Content-Type: application/sdp\r\n.*?\r\n\r\n(v=0.*?)(?=ANNOUNCE|SETUP|$)", text, re.S):
        put("sdp", f + ".sdp", m.group(1)[:4096])
PY
kill "$broker_pid"; wait "$broker_pid" 2>/dev/null || true; broker_pid=""

echo "hand-written seeds (from the specifications)"
cd "$out"
mkdir -p rtsp-auth proxy-protocol srt-streamid stun conf-yaml
printf 'Basic cHViOnNlY3JldA==' > rtsp-auth/basic
printf 'PROXY TCP4 192.0.2.1 198.51.100.2 56324 8554\r\n' > proxy-protocol/v1-tcp4
printf 'PROXY TCP6 2001:db8::1 2001:db8::2 56324 8554\r\n' > proxy-protocol/v1-tcp6
printf 'PROXY UNKNOWN\r\n' > proxy-protocol/v1-unknown
printf '\r\n\r\n\0\r\nQUIT\n\x21\x11\x00\x0c\xc0\x00\x02\x01\xc6\x33\x64\x02\xdc\x04\x21\x6a' > proxy-protocol/v2-tcp4
printf '\r\n\r\n\0\r\nQUIT\n\x20\x00\x00\x00' > proxy-protocol/v2-local
printf '#!::r=live/cam,m=publish,u=pub,s=1234' > srt-streamid/standard-publish
printf 'read:live/cam:any:pass' > srt-streamid/read-credentials
printf 'publish:cam?key=value' > srt-streamid/publish-query
# RFC 5769 test vectors (the STUN tests' StunVectors.cs).
printf '%s' 000100582112a442b7e7a701bc34d686fa87dfae802200105354554e207465737420636c69656e74002400046e0001ff80290008932ff9b151263b36000600096576746a3a68367659202020000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a280280004e57a3bcf | xxd -r -p > stun/rfc5769-request
printf '%s' 0101003c2112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220002000080001a147e112a643000800142b91f599fd9e90c38c7489f92af9ba53f06be7d780280004c07d4c96 | xxd -r -p > stun/rfc5769-ipv4-response
printf '%s' 010100482112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d900080014a382954e4be67bf11784c97c8292c275bfe3ed4180280004c8fb0b4c | xxd -r -p > stun/rfc5769-ipv6-response
cp "$root/mediabroker.yml" conf-yaml/mediabroker.yml
cp "$work/broker.yml" conf-yaml/small.yml
cd "$work"
fi

if want wire; then
cd "$work"
for t in api-json webrtc-demux rtmp-handshake flv-tags rtsp-tunnel hls-fmp4; do rm -rf "${out:?}/$t"; done

echo "FLV tags and HLS fMP4 ingest"
ff "${V[@]}" "${A[@]}" "${X264[@]}" -c:a aac -b:a 32k tags.flv
ff "${A[@]}" -c:a libmp3lame -b:a 32k -ar 44100 mp3.flv
ff "${V[@]}" "${A[@]}" "${X264[@]}" -c:a aac -b:a 32k -f hls -hls_time 0.2 -hls_segment_type fmp4 -hls_fmp4_init_filename av-init.mp4 -hls_segment_filename 'av-%d.m4s' av.m3u8
ff "${V[@]}" -c:v libx265 -preset ultrafast -x265-params log-level=error:keyint=5 -crf 40 -tag:v hvc1 -f hls -hls_time 0.2 -hls_segment_type fmp4 -hls_fmp4_init_filename hevc-init.mp4 -hls_segment_filename 'hevc-%d.m4s' hevc.m3u8
python3 - "$out" <<'PY'
import os, struct, sys
out = sys.argv[1]
def put(target, name, data):
    os.makedirs(os.path.join(out, target), exist_ok=True)
    open(os.path.join(out, target, name), "wb").write(data)
# flv-tags: each FLV tag as its type byte, a 16-bit length and the body (FLV file header 9 bytes + 4-byte size 0).
for f in ("tags.flv", "mp3.flv"):
    data, pos, seed = open(f, "rb").read(), 13, bytearray()
    while pos + 11 <= len(data) and len(seed) < 6000:
        kind, size = data[pos] & 0x1F, int.from_bytes(data[pos + 1:pos + 4], "big")
        body = data[pos + 11:pos + 11 + size]
        if size < 65536:
            seed += bytes([kind]) + struct.pack(">H", size) + body
        pos += 11 + size + 4
    put("flv-tags", f.replace(".flv", ""), bytes(seed))
# hls-fmp4: the init section, then the first segments, each after a 16-bit length.
for name in ("av", "hevc"):
    seed = bytearray()
    for part in [name + "-init.mp4"] + ["%s-%d.m4s" % (name, i) for i in range(3)]:
        if os.path.exists(part):
            data = open(part, "rb").read()
            if len(data) < 65536:
                seed += struct.pack(">H", len(data)) + data
    put("hls-fmp4", name, bytes(seed))
PY

echo "WebRTC port: STUN, DTLS (OpenSSL client and server), SRTP/RTCP frames"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=fuzz -days 1 -keyout dtls.key -out dtls.crt 2>/dev/null
dtls() {
  local name=$1; shift
  openssl s_server -quiet -accept 127.0.0.1:47410 -cert dtls.crt -key dtls.key -use_srtp SRTP_AES128_CM_SHA1_80 "$@" >/dev/null 2>&1 & local server=$!
  sleep 1
  python3 "$capture" udp 47411 47410 "$name" sh -c 'echo | timeout 5 openssl s_client -quiet -connect 127.0.0.1:47411 -use_srtp SRTP_AES128_CM_SHA1_80 "$@" >/dev/null 2>&1 || true' dtls "$@"
  kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true
}
dtls dtls12 -dtls1_2
dtls dtls10 -dtls1
# An ICE-TCP stream (RFC 4571: each frame after a 16-bit length, the framing of the captures): the RFC 5769 Binding
# request, then what the DTLS client sent, then RTP and RTCP of the captures above.
python3 "$capture" rtp wrtc 47420 "${V[@]}" "${X264[@]}" -payload_type 96 -f rtp
stun=$(printf '%s' 000100582112a442b7e7a701bc34d686fa87dfae802200105354554e207465737420636c69656e74002400046e0001ff80290008932ff9b151263b36000600096576746a3a68367659202020000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a280280004e57a3bcf)
python3 - "$out" "$stun" <<'PY'
import os, struct, sys
out, stun = sys.argv[1], bytes.fromhex(sys.argv[2])
os.makedirs(os.path.join(out, "webrtc-demux"), exist_ok=True)
def frames(path, n=8):
    data, pos, got = open(path, "rb").read() if os.path.exists(path) else b"", 0, bytearray()
    while pos + 2 <= len(data) and n > 0:
        size = struct.unpack_from(">H", data, pos)[0]
        got += data[pos:pos + 2 + size]; pos += 2 + size; n -= 1
    return bytes(got)
media = frames("wrtc.rtp", 4) + frames("wrtc.rtcp", 2)
for name in ("dtls12", "dtls10"):
    for side in ("client", "server"):
        body = open("%s.%s" % (name, side), "rb").read()
        head = struct.pack(">H", len(stun)) + stun if side == "client" else b""
        open(os.path.join(out, "webrtc-demux", "%s-%s" % (name, side)), "wb").write(head + body + (media if side == "client" else b""))
PY

echo "RTMP handshakes, RTSP tunnels and API bodies against the broker"
cat > wire.yml <<'YML'
logLevel: warn
api: yes
hls: no
webrtc: no
srt: no
apiAddress: 127.0.0.1:47997
rtspAddress: 127.0.0.1:47554
rtspsAddress: 127.0.0.1:47322
rtpAddress: 127.0.0.1:47000
rtcpAddress: 127.0.0.1:47001
srtpAddress: 127.0.0.1:47004
srtcpAddress: 127.0.0.1:47005
rtmpAddress: 127.0.0.1:47935
rtmpsAddress: 127.0.0.1:47936
autoPushes:
- path: fuzz
  target: rtmp://127.0.0.1:47935/copy/fuzz
paths:
  fuzz:
    source: publisher
  wsread:
    source: rtsp+ws://127.0.0.1:47557/live
    sourceOnDemand: yes
  all_others:
YML
dotnet "$root/MediaBroker/bin/Release/net10.0/mediabroker.dll" wire.yml > wire.log 2>&1 &
broker_pid=$!
python3 "$capture" wait 47554 && python3 "$capture" wait 47935 && python3 "$capture" wait 47997
# rtmp-handshake: connections from their first byte, ffmpeg (digest handshake) and GStreamer's rtmp2sink.
CAPTURE_MAX=9000 python3 "$capture" proxy 47937 47935 rtmp-ffmpeg \
  ffmpeg -hide_banner -loglevel error -re "${V[@]}" "${A[@]}" "${X264[@]}" -c:a aac -b:a 32k -f flv rtmp://127.0.0.1:47937/live/hs
CAPTURE_MAX=9000 python3 "$capture" proxy 47937 47935 rtmp-gstreamer \
  gst-launch-1.0 -q videotestsrc num-buffers=5 ! video/x-raw,width=96,height=64 ! x264enc tune=zerolatency ! flvmux ! rtmp2sink location=rtmp://127.0.0.1:47937/live/gst
seed rtmp-handshake rtmp-ffmpeg
seed rtmp-handshake rtmp-gstreamer
# rtsp-tunnel: ffmpeg over Apple's HTTP tunnel (its GET and its POST connection), and the broker's own
# rtsp+ws:// client (path wsread) reading through the relay.
ffmpeg -hide_banner -loglevel error -re -f lavfi -i testsrc2=size=96x64:rate=10 -t 20 "${X264[@]}" -f rtsp -rtsp_transport tcp \
  rtsp://127.0.0.1:47554/live & publisher=$!
sleep 3
CAPTURE_EACH=1 python3 "$capture" proxy 47556 47554 tunnel-http \
  ffmpeg -hide_banner -loglevel error -rtsp_transport http -i rtsp://127.0.0.1:47556/live -t 0.5 -f null -
python3 "$capture" proxy 47557 47554 tunnel-ws \
  ffmpeg -hide_banner -loglevel error -rtsp_transport tcp -i rtsp://127.0.0.1:47554/wsread -t 0.5 -f null -
kill "$publisher" 2>/dev/null || true
wait "$publisher" 2>/dev/null || true
for f in tunnel-http.1 tunnel-http.2 tunnel-ws; do head -c 6000 "$f" > "$f.seed"; seed rtsp-tunnel "$f.seed" "$f"; done
# api-json: the first byte picks the route (FuzzTargets.ApiBodyRoutes), the rest is a body this broker answered.
api() {
  local index=$1 method=$2 route=$3 type=$4 body=$5
  printf '%s %s -> %s\n' "$method" "$route" "$(curl -s -X "$method" -H "Content-Type: $type" --data-binary "$body" "http://127.0.0.1:47997$route")"
  mkdir -p "$out/api-json"
  { printf "\\$(printf '%03o' "$index")"; printf '%s' "$body"; } > "$out/api-json/$(printf '%02d' "$index")-$(echo "$route" | tr '/?' '__')"
}
api 0 PATCH /v3/config/global/patch application/json '{"readTimeout":"15s","logLevel":"warn","rtspAuthMethods":["basic"],"hlsSegmentCount":5,"authInternalUsers":[{"user":"any","pass":"","ips":["127.0.0.1","::1"],"permissions":[{"action":"api"},{"action":"publish","path":"cam"},{"action":"read"}]}]}'
api 1 PATCH /v3/config/pathdefaults/patch application/json '{"record":false,"recordPath":"./recordings/%path/%Y-%m-%d_%H-%M-%S-%f","maxReaders":10}'
api 2 POST /v3/config/paths/add/fuzznew application/json '{"source":"rtsp://127.0.0.1:47554/other","sourceOnDemand":true,"sourceOnDemandStartTimeout":"10s","runOnReady":"","alwaysAvailable":false}'
api 3 PATCH /v3/config/paths/patch/fuzz application/json '{"maxReaders":5,"overridePublisher":false,"fallback":"","record":false}'
api 4 POST /v3/config/paths/replace/fuzz application/json '{"source":"publisher","sourceFingerprint":"","srtPublishPassphrase":""}'
api 5 POST /v3/pushes/start application/json '{"path":"fuzz","target":"rtmp://127.0.0.1:47935/copy"}'
api 6 POST /v3/autopushes/add application/json '{"path":"cam","target":"rtsp://127.0.0.1:47554/copy/cam"}'
api 7 POST /v3/autopushes/remove application/json '{"path":"fuzz","target":"rtmp://127.0.0.1:47935/copy/fuzz"}'
api 8 POST /api application/json '{"push_list":true,"push_auto_list":true,"active_streams":["clients","lastms"],"push_auto_add":["cam","rtmp://127.0.0.1:47935/mist"],"push_auto_remove":["cam","rtmp://127.0.0.1:47935/mist"],"push_stop":[1,2],"push_start":{"stream":"fuzz","target":"/tmp/fuzz.ts"}}'
api 9 POST /api application/x-www-form-urlencoded 'command=%7B%22push_list%22%3Atrue%2C%22active_streams%22%3Atrue%7D'
kill "$broker_pid"; wait "$broker_pid" 2>/dev/null || true; broker_pid=""
fi
if want webrtc; then
cd "$work"
for t in dtls whep-offer whip-offer rtsp-response http-auth; do rm -rf "${out:?}/$t"; done
echo "WebRTC offers and DTLS flights (Chromium), RTSP server answers: recorded on lo with tcpdump"
cat > webrtc.yml <<'YML'
logLevel: warn
api: no
hls: no
srt: no
rtmp: no
rtspAddress: 127.0.0.1:47654
rtspsAddress: 127.0.0.1:47622
rtpAddress: 127.0.0.1:47600
rtcpAddress: 127.0.0.1:47601
srtpAddress: 127.0.0.1:47604
srtcpAddress: 127.0.0.1:47605
rtspAuthMethods: [digest]
webrtcAddress: 127.0.0.1:47889
webrtcLocalUDPAddress: 127.0.0.1:47189
webrtcIPsFromInterfaces: no
webrtcAdditionalHosts: [127.0.0.1]
authInternalUsers:
- user: any
  permissions:
  - action: publish
  - action: read
    path: live
- user: reader
  pass: secret
  permissions:
  - action: read
paths:
  secure:
    source: rtsp://127.0.0.1:47654/live
    sourceOnDemand: yes
  all_others:
YML
dotnet "$root/MediaBroker/bin/Release/net10.0/mediabroker.dll" webrtc.yml > webrtc.log 2>&1 &
broker_pid=$!
python3 "$capture" wait 47654 && python3 "$capture" wait 47889
tcpdump -i lo -U -s 0 -w webrtc.pcap 'udp port 47189 or tcp port 47889 or tcp port 47654' 2>/dev/null & dump_pid=$!
sleep 2
ffmpeg -hide_banner -loglevel error -re -f lavfi -i testsrc2=size=320x240:rate=25 -f lavfi -i sine=frequency=440:sample_rate=48000 -t 600 \
  -c:v libx264 -preset ultrafast -profile:v baseline -g 25 -bf 0 -c:a libopus -b:a 32k -f rtsp -rtsp_transport tcp rtsp://127.0.0.1:47654/live & publisher=$!
sleep 3
browser=$root/tests-tools/webrtc-browser.js
node "$browser" read http://127.0.0.1:47889/live 10 40000 >/dev/null
node "$browser" publish "http://127.0.0.1:47889/pub/publish?autostart=true&video-codec=H264&audio-codec=opus" - 40000 </dev/null >/dev/null
node "$browser" publish "http://127.0.0.1:47889/pub2/publish?autostart=true&video-codec=VP8" - 40000 </dev/null >/dev/null
# http-auth: curl's Basic header, a Bearer JWT (header and query) and query credentials, to the WebRTC HTTP port.
jwt=eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImZ1enoifQ.eyJtZWRpYW10eF9wZXJtaXNzaW9ucyI6W3siYWN0aW9uIjoicmVhZCIsInBhdGgiOiJsaXZlIn1dfQ.c2lnbmF0dXJl
curl -s -o /dev/null -u reader:secret -X OPTIONS http://127.0.0.1:47889/live/whep
curl -s -o /dev/null -H "Authorization: Bearer $jwt" -X OPTIONS http://127.0.0.1:47889/live/whep
curl -s -o /dev/null -X OPTIONS "http://127.0.0.1:47889/live/whep?token=$jwt"
curl -s -o /dev/null -X OPTIONS "http://127.0.0.1:47889/live/whep?user=reader&pass=secret&other=1"
# RTSP answers: a 401 Digest challenge, DESCRIBE, SETUP (TCP and UDP), PLAY and interleaved media, to ffmpeg and to the
# broker's own RTSP source (path secure pulls live).
ffmpeg -hide_banner -loglevel error -rtsp_transport tcp -i rtsp://reader:secret@127.0.0.1:47654/live -t 1 -f null - || true
ffmpeg -hide_banner -loglevel error -rtsp_transport udp -i rtsp://reader:secret@127.0.0.1:47654/live -t 1 -f null - || true
ffmpeg -hide_banner -loglevel error -rtsp_transport tcp -i rtsp://reader:secret@127.0.0.1:47654/secure -t 1 -f null - || true
kill "$publisher" 2>/dev/null || true
wait "$publisher" 2>/dev/null || true
sleep 1
kill -INT "$dump_pid"; wait "$dump_pid" 2>/dev/null || true; dump_pid=""
kill "$broker_pid"; wait "$broker_pid" 2>/dev/null || true; broker_pid=""
python3 "$root/fuzz/tools/pcap_seeds.py" webrtc.pcap "$out" "$root/fuzz/MediaBroker.Fuzz/Captures/chromium-client-hello" \
  --webrtc-udp 47189 --webrtc-http 47889 --rtsp 47654
fi
du -sh "$out"; ls "$out" | wc -l
