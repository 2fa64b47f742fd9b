// Drives Debian's Chromium (no browser download) for MediaBroker's WebRTC interop tests.
//   node webrtc-browser.js read <page url> <min decoded frames> <timeout ms>
//   node webrtc-browser.js publish <page url> - <timeout ms>
// Prints one JSON line with the outcome; exit code 0 on success. In publish mode the line comes as soon as the
// page publishes, and the browser keeps publishing until stdin closes (or the deadline passes).
'use strict';
const { chromium } = require('playwright-core');

const [mode, url, amount, timeoutText] = process.argv.slice(2);
const timeout = Number(timeoutText || 30000);
const deadline = Date.now() + timeout;

const args = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection', '--disable-features=WebRtcHideLocalIpsWithMdns', '--autoplay-policy=no-user-gesture-required',
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args });
  let result = { ok: false };
  try {
    const page = await browser.newPage();
    // Keeps the page's peer connections reachable so that their DTLS/SRTP parameters can be read from getStats().
    await page.addInitScript(() => {
      const Native = window.RTCPeerConnection;
      window.__peerConnections = [];
      window.RTCPeerConnection = function (...a) { const pc = new Native(...a); window.__peerConnections.push(pc); return pc; };
      window.RTCPeerConnection.prototype = Native.prototype;
      Object.setPrototypeOf(window.RTCPeerConnection, Native);
    });
    const logs = [];
    page.on('console', (m) => logs.push(m.text()));
    await page.goto(url);
    if (mode === 'read') {
      const want = Number(amount);
      for (;;) {
        const s = await page.evaluate(() => {
          const v = document.querySelector('video');
          const q = v.getVideoPlaybackQuality();
          return { frames: q.totalVideoFrames, width: v.videoWidth, height: v.videoHeight, time: v.currentTime,
                   state: window.mediabroker.status, error: window.mediabroker.error,
                   audio: v.srcObject ? v.srcObject.getAudioTracks().length : 0 };
        });
        result = { ...s, ok: s.frames >= want };
        if (result.ok || Date.now() > deadline) break;
        await sleep(100);
      }
      result.transport = await page.evaluate(async () => {
        for (const pc of window.__peerConnections) {
          const stats = await pc.getStats();
          for (const r of stats.values()) {
            if (r.type === 'transport' && r.srtpCipher) {
              return { srtpCipher: r.srtpCipher, dtlsCipher: r.dtlsCipher, tlsVersion: r.tlsVersion, dtlsRole: r.dtlsRole };
            }
          }
        }
        return null;
      });
    } else if (mode === 'publish') {
      for (;;) {
        const s = await page.evaluate(() => ({ state: window.mediabroker.status, error: window.mediabroker.error }));
        result = { ...s, ok: s.state === 'publishing' };
        if (result.ok || s.state === 'error' || Date.now() > deadline) break;
        await sleep(100);
      }
      if (result.ok) {
        process.stdout.write(JSON.stringify(result) + '\n');
        await new Promise((resolve) => {
          process.stdin.on('end', resolve);
          process.stdin.on('close', resolve);
          process.stdin.resume();
          setTimeout(resolve, Math.max(0, deadline - Date.now()));
        });
      }
    }
    result.logs = logs.slice(-10);
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(result.ok ? 0 : 1);
})().catch((e) => { process.stdout.write(JSON.stringify({ ok: false, error: String(e) }) + '\n'); process.exit(2); });
