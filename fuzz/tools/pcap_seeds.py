#!/usr/bin/env python3
"""Cuts fuzz seeds out of a loopback capture (tcpdump -i lo -w) of real clients talking to the broker
(fuzz/make-corpus.sh, part webrtc).

  pcap_seeds.py PCAP CORPUS RESOURCE --webrtc-udp PORT --webrtc-http PORT --rtsp PORT

  whep-offer/, whip-offer/  the body of every POST .../whep and .../whip to the WebRTC HTTP port (the client's offer)
  dtls/                     per WebRTC session (one client UDP port): a mode byte, then DTLS datagrams, each after a
                            16-bit big-endian length (FuzzTargets.Dtls): 0 = what the client sent after its ClientHello
                            flight, 1 = everything the client sent, 2 = what the broker (DTLS server) sent
  RESOURCE                  the first session's ClientHello flight (the datagrams before its first other handshake
                            message), length-prefixed: embedded in MediaBroker.Fuzz for mode 0
  rtsp-response/            what the broker's RTSP port sent on each connection (responses and interleaved frames)
  http-auth/                each request to the WebRTC HTTP port with an Authorization header or a query: the header
                            value, a line feed, the query
"""
import argparse, os, re, struct

MAX = 12000


def packets(path):
    data = open(path, "rb").read()
    magic = struct.unpack_from("<I", data, 0)[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    link = struct.unpack_from(endian + "I", data, 20)[0]
    pos = 24
    while pos + 16 <= len(data):
        _, _, incl, _ = struct.unpack_from(endian + "IIII", data, pos)
        frame = data[pos + 16:pos + 16 + incl]
        pos += 16 + incl
        if link == 1:        # Ethernet (lo)
            if len(frame) < 14 or frame[12:14] != b"\x08\x00":
                continue
            ip = frame[14:]
        elif link == 113:    # Linux cooked (tcpdump -i any)
            if len(frame) < 16 or frame[14:16] != b"\x08\x00":
                continue
            ip = frame[16:]
        else:
            raise SystemExit("unsupported link type %d" % link)
        if len(ip) < 20 or ip[0] >> 4 != 4:
            continue
        ihl = (ip[0] & 15) * 4
        total = struct.unpack_from(">H", ip, 2)[0]
        proto, body = ip[9], ip[ihl:total]
        if proto == 17 and len(body) >= 8:
            sport, dport = struct.unpack_from(">HH", body, 0)
            yield "udp", sport, dport, body[8:]
        elif proto == 6 and len(body) >= 20:
            sport, dport = struct.unpack_from(">HH", body, 0)
            payload = body[(body[12] >> 4) * 4:]
            if payload:
                yield "tcp", sport, dport, payload


def framed(datagrams):
    return b"".join(struct.pack(">H", len(d)) + d for d in datagrams)


def handshake_types(datagram):
    """The handshake message types of a datagram's epoch-0 handshake records (DTLS, RFC 6347 §4.1, §4.2.2)."""
    types, pos = [], 0
    while pos + 13 <= len(datagram):
        kind, epoch, length = datagram[pos], struct.unpack_from(">H", datagram, pos + 3)[0], struct.unpack_from(">H", datagram, pos + 11)[0]
        if kind == 22 and epoch == 0 and length >= 12:
            types.append(datagram[pos + 13])
        pos += 13 + length
    return types


def main():
    p = argparse.ArgumentParser()
    p.add_argument("pcap")
    p.add_argument("corpus")
    p.add_argument("resource")
    p.add_argument("--webrtc-udp", type=int, required=True)
    p.add_argument("--webrtc-http", type=int, required=True)
    p.add_argument("--rtsp", type=int, required=True)
    a = p.parse_args()

    def put(target, name, data):
        os.makedirs(os.path.join(a.corpus, target), exist_ok=True)
        open(os.path.join(a.corpus, target, name), "wb").write(data)

    http, rtsp, sessions, order = {}, {}, {}, []
    for proto, sport, dport, payload in packets(a.pcap):
        if proto == "tcp" and dport == a.webrtc_http:
            http.setdefault(sport, bytearray()).extend(payload)
        elif proto == "tcp" and sport == a.rtsp:
            rtsp.setdefault(dport, bytearray()).extend(payload)
        elif proto == "udp" and a.webrtc_udp in (sport, dport) and payload and 20 <= payload[0] <= 63:
            peer = dport if sport == a.webrtc_udp else sport
            if peer not in sessions:
                sessions[peer] = {"client": [], "server": []}
                order.append(peer)
            sessions[peer]["server" if sport == a.webrtc_udp else "client"].append(bytes(payload))

    offers = {"whep": 0, "whip": 0}
    for port in sorted(http):
        stream = bytes(http[port])
        for m in re.finditer(rb"POST (\S*)/(whep|whip) HTTP/1\.1\r\n(.*?)\r\n\r\n", stream, re.S):
            length = re.search(rb"(?i)\r\ncontent-length: *(\d+)", b"\r\n" + m.group(3))
            if not length:
                continue
            body = stream[m.end():m.end() + int(length.group(1))]
            kind = m.group(2).decode()
            agent = re.search(rb"(?i)\r\nuser-agent: *([^\r]*)", b"\r\n" + m.group(3))
            agent = agent.group(1).decode("latin-1") if agent else "client"
            client = "chromium" if "Chrome/" in agent else re.sub(r"[^a-z0-9]+", "-", agent.split("/")[0].lower())
            put(kind + "-offer", "%s-%s-%d" % (client, m.group(1).decode().strip("/").replace("/", "-") or "root", offers[kind]), body)
            offers[kind] += 1

    auth = 0
    for port in sorted(http):
        for m in re.finditer(rb"[A-Z]+ (\S*) HTTP/1\.1\r\n(.*?)\r\n\r\n", bytes(http[port]), re.S):
            query = m.group(1).split(b"?", 1)[1] if b"?" in m.group(1) else b""
            header = re.search(rb"(?i)\r\nauthorization: *([^\r]*)", b"\r\n" + m.group(2))
            if header or query:
                put("http-auth", "request%d" % auth, (header.group(1) if header else b"") + b"\n" + query)
                auth += 1

    hello = None
    for n, peer in enumerate(order):
        client, server = sessions[peer]["client"], sessions[peer]["server"]
        first_other = next((i for i, d in enumerate(client) if any(t != 1 for t in handshake_types(d)) or not handshake_types(d)), len(client))
        if hello is None and first_other > 0:
            hello = client[:first_other]
        put("dtls", "session%d-after-client-hello" % n, b"\x00" + framed(client[first_other:])[:MAX])
        put("dtls", "session%d-client" % n, b"\x01" + framed(client)[:MAX])
        if server:
            put("dtls", "session%d-server" % n, b"\x02" + framed(server)[:MAX])
    if hello is None:
        raise SystemExit("no DTLS ClientHello in the capture")
    os.makedirs(os.path.dirname(a.resource), exist_ok=True)
    open(a.resource, "wb").write(framed(hello))

    for n, port in enumerate(sorted(rtsp)):
        put("rtsp-response", "connection%d" % n, bytes(rtsp[port][:MAX]))
    print("http-auth %d, offers %s, DTLS sessions %d (ClientHello flight: %d datagrams, %d bytes), RTSP connections %d"
          % (auth, offers, len(order), len(hello), sum(len(d) for d in hello), len(rtsp)))


if __name__ == "__main__":
    main()
