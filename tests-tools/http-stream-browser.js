// Drives Debian's Chromium (no browser download) for MediaBroker's plain-HTTP output tests.
//   node http-stream-browser.js <native|mpegts|dash> <media url> <min currentTime s> <min decoded frames> <timeout ms>
// The page, mpegts.js and dash.js (from node_modules) are answered here through Playwright routing, at made-up URLs on
// the media's own origin: Chromium refuses a public page reading loopback (Private Network Access), and the broker
// serves none of them. "native" plays the URL in a <video> (the fMP4 and WebM outputs); "mpegts" plays it through
// mpegts.js (the HTTP-FLV output); "dash" plays a manifest.mpd through dash.js. Prints one JSON line with what the
// <video> element reached; exit code 0 when currentTime advanced by the minimum since it was first seen above zero (a
// live fMP4 timeline starts where the stream is, not at 0) and enough frames were decoded.
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const [mode, mediaUrl, minTimeText, minFramesText, timeoutText] = process.argv.slice(2);
const minTime = Number(minTimeText || 1);
const minFrames = Number(minFramesText || 1);
const deadline = Date.now() + Number(timeoutText || 30000);

const args = [
  '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--autoplay-policy=no-user-gesture-required',
];

const players = {
  mpegts: path.join('mpegts.js', 'dist', 'mpegts.js'),
  dash: path.join('dashjs', 'dist', 'modern', 'umd', 'dash.all.min.js'),
};

const page = (url) => mode === 'native'
  ? `<!doctype html><video muted autoplay playsinline src="${url}"></video>`
  : mode === 'dash'
  ? `<!doctype html><video muted autoplay playsinline></video><script src="/__test-player.js"></script><script>
       const p = dashjs.MediaPlayer().create();
       p.on(dashjs.MediaPlayer.events.ERROR, (e) => console.log('dash error ' + JSON.stringify(e.error || e)));
       p.initialize(document.querySelector('video'), ${JSON.stringify(url)}, true);
     </script>`
  : `<!doctype html><video muted autoplay playsinline></video><script src="/__test-player.js"></script><script>
       const v = document.querySelector('video');
       const p = mpegts.createPlayer({ type: 'flv', isLive: true, url: ${JSON.stringify(url)} }, { enableStashBuffer: false });
       p.on(mpegts.Events.ERROR, (t, d) => console.log('mpegts error ' + t + ' ' + d));
       p.attachMediaElement(v); p.load(); v.play().catch((e) => console.log('play: ' + e));
     </script>`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args });
  let result = { ok: false };
  try {
    const context = await browser.newContext();
    const origin = new URL(mediaUrl).origin;
    if (players[mode]) {
      await context.route(origin + '/__test-player.js', (route) => route.fulfill({
        contentType: 'text/javascript', body: fs.readFileSync(path.join(__dirname, 'node_modules', players[mode])) }));
    }
    await context.route(origin + '/__test-player.html', (route) => route.fulfill({ contentType: 'text/html', body: page(mediaUrl) }));
    const tab = await context.newPage();
    const logs = [];
    tab.on('console', (m) => logs.push(m.text()));
    await tab.goto(origin + '/__test-player.html');
    let start;
    for (;;) {
      const s = await tab.evaluate(() => {
        const v = document.querySelector('video');
        const q = v.getVideoPlaybackQuality();
        return { time: v.currentTime, frames: q.totalVideoFrames, dropped: q.droppedVideoFrames,
                 width: v.videoWidth, height: v.videoHeight, paused: v.paused,
                 error: v.error ? v.error.message || String(v.error.code) : null };
      });
      if (start === undefined && s.time > 0) start = s.time;
      const advanced = start === undefined ? 0 : s.time - start;
      result = { ...s, advanced, ok: advanced >= minTime && s.frames >= minFrames };
      if (result.ok || Date.now() > deadline) break;
      await sleep(100);
    }
    result.logs = logs.slice(-10);
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(result.ok ? 0 : 1);
})().catch((e) => { process.stdout.write(JSON.stringify({ ok: false, error: String(e) }) + '\n'); process.exit(2); });
