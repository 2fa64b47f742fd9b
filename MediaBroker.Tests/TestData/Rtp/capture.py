#!/usr/bin/env python3
"""Runs ffmpeg sending RTP to 127.0.0.1 and stores every RTP and RTCP datagram it sends.

Usage: capture.py OUT_BASENAME PORT ffmpeg-args...   (the args must end with the -f rtp output options;
the script appends rtp://127.0.0.1:PORT and -sdp_file OUT_BASENAME.sdp)
Dump format (OUT_BASENAME.rtpdump): per datagram 1 byte channel (0 = RTP, 1 = RTCP),
2 bytes big-endian length, then the datagram.
"""
import select, socket, struct, subprocess, sys, time

out, port, args = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
socks = []
for ch, p in ((0, port), (1, port + 1)):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.bind(("127.0.0.1", p))
    socks.append((s, ch))
cmd = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y"] + args + ["-sdp_file", out + ".sdp", "rtp://127.0.0.1:%d" % port]
proc = subprocess.Popen(cmd)
records = []
deadline = None
while True:
    r, _, _ = select.select([s for s, _ in socks], [], [], 0.2)
    for s in r:
        ch = [c for x, c in socks if x is s][0]
        data = s.recv(65536)
        records.append(struct.pack(">BH", ch, len(data)) + data)
    if proc.poll() is not None:
        if deadline is None:
            deadline = time.time() + 0.5
        elif time.time() > deadline and not r:
            break
with open(out + ".rtpdump", "wb") as f:
    f.write(b"".join(records))
print(out, len(records), "datagrams")
