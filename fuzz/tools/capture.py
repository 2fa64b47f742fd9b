#!/usr/bin/env python3
"""Captures what real clients send, for the fuzz seed corpora (fuzz/make-corpus.sh).

  capture.py rtp OUT PORT ffmpeg-args...
      Runs ffmpeg with `-sdp_file OUT.sdp rtp://127.0.0.1:PORT` appended and stores the datagrams it sends:
      OUT.rtp (RTP, PORT) and OUT.rtcp (RTCP, PORT+1), each datagram after a 16-bit big-endian length
      (the framing of the RTP fuzz targets), at most MAX bytes per file. With gst-launch-1.0 instead of
      ffmpeg arguments, runs that pipeline as given (it must send to udpsink port=PORT).
  capture.py proxy LISTEN TARGET OUT command...
      Relays TCP 127.0.0.1:LISTEN to 127.0.0.1:TARGET while the command runs and stores the bytes the client
      sent on its first connection in OUT (at most MAX bytes). With CAPTURE_EACH=1, every connection is stored,
      the n-th (from 1) in OUT.n (RTSP over HTTP opens a GET and a POST connection).
  capture.py udp LISTEN TARGET OUT command...
      Relays UDP datagrams between the command's socket and 127.0.0.1:TARGET while the command runs and stores
      them, each after a 16-bit big-endian length: OUT.client (sent by the command), OUT.server (answered).
  capture.py wait PORT
      Waits until something accepts TCP connections on 127.0.0.1:PORT.
"""
import os, select, socket, struct, subprocess, sys, time

MAX = int(os.environ.get("CAPTURE_MAX", "8192"))


def rtp(out, port, args):
    socks = {}
    for name, p in (("rtp", port), ("rtcp", port + 1)):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", p))
        socks[s] = name
    files = {name: bytearray() for name in socks.values()}
    if args[0] == "gst-launch-1.0":  # a GStreamer pipeline that ends in udpsink port=PORT
        cmd = args
    else:
        cmd = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y"] + args + ["-sdp_file", out + ".sdp", "rtp://127.0.0.1:%d" % port]
    proc = subprocess.Popen(cmd)
    idle_since = None
    while True:
        ready, _, _ = select.select(list(socks), [], [], 0.2)
        for s in ready:
            data = s.recv(65536)
            buf = files[socks[s]]
            if len(buf) + 2 + len(data) <= MAX:
                buf += struct.pack(">H", len(data)) + data
        if proc.poll() is not None:
            idle_since = idle_since or time.time()
            if not ready and time.time() - idle_since > 0.5:
                break
    for name, buf in files.items():
        if buf:
            with open("%s.%s" % (out, name), "wb") as f:
                f.write(buf)
    return proc.returncode


def proxy(listen, target, out, cmd):
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", listen))
    server.listen(4)
    proc = subprocess.Popen(cmd)
    pairs = {}
    each = os.environ.get("CAPTURE_EACH") == "1"
    recorded = {}
    order = []
    while proc.poll() is None or pairs:
        ready, _, _ = select.select([server] + list(pairs), [], [], 0.2)
        for s in ready:
            if s is server:
                client, _ = server.accept()
                upstream = socket.create_connection(("127.0.0.1", target))
                pairs[client], pairs[upstream] = upstream, client
                if each or not order:
                    order.append(client)
                    recorded[client] = bytearray()
                continue
            try:
                data = s.recv(65536)
            except OSError:
                data = b""
            peer = pairs.get(s)
            if not data or peer is None:
                for x in (s, peer):
                    if x is not None:
                        pairs.pop(x, None)
                        x.close()
                continue
            buf = recorded.get(s)
            if buf is not None and len(buf) < MAX:
                buf += data[: MAX - len(buf)]
            try:
                peer.sendall(data)
            except OSError:
                pass
        if proc.poll() is not None and not ready:
            for x in list(pairs):
                pairs.pop(x).close()
    for n, client in enumerate(order, 1):
        with open("%s.%d" % (out, n) if each else out, "wb") as f:
            f.write(recorded[client])
    return proc.returncode


def udp(listen, target, out, cmd):
    front = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    front.bind(("127.0.0.1", listen))
    back = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    back.connect(("127.0.0.1", target))
    proc = subprocess.Popen(cmd)
    files = {"client": bytearray(), "server": bytearray()}
    client = None
    idle_since = None
    while True:
        ready, _, _ = select.select([front, back], [], [], 0.2)
        for s in ready:
            if s is front:
                data, client = front.recvfrom(65536)
                back.send(data)
                name = "client"
            else:
                try:
                    data = back.recv(65536)
                except OSError:
                    continue
                if client is not None:
                    front.sendto(data, client)
                name = "server"
            if len(files[name]) + 2 + len(data) <= MAX:
                files[name] += struct.pack(">H", len(data)) + data
        if proc.poll() is not None:
            idle_since = idle_since or time.time()
            if not ready and time.time() - idle_since > 0.5:
                break
    for name, buf in files.items():
        with open("%s.%s" % (out, name), "wb") as f:
            f.write(buf)
    return proc.returncode


def wait(port):
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return 0
        except OSError:
            time.sleep(0.2)
    return 1


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "rtp":
        sys.exit(rtp(sys.argv[2], int(sys.argv[3]), sys.argv[4:]))
    if mode == "proxy":
        sys.exit(proxy(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5:]))
    if mode == "udp":
        sys.exit(udp(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5:]))
    if mode == "wait":
        sys.exit(wait(int(sys.argv[2])))
    sys.exit("unknown mode " + mode)
