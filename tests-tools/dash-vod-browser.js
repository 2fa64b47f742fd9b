// Drives Debian's Chromium (no browser download) for MediaBroker's DASH VOD test.
//   node dash-vod-browser.js <vod.mpd url> <seek to s> <timeout ms>
// Plays the static manifest through the vendored dash.js (answered here, at a made-up URL on the media's own origin, as
// in http-stream-browser.js), waits until playback has advanced 0.5 s, sets video.currentTime to the seek target and
// waits until playback continues 1 s past it. Prints one JSON line with what the <video> element reached; exit code 0
// when the seek landed (currentTime within 0.5 s of the target at the 'seeked' event) and frames kept being decoded.
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const [mediaUrl, seekText, timeoutText] = process.argv.slice(2);
const seekTo = Number(seekText || 3);
const deadline = Date.now() + Number(timeoutText || 45000);

const args = [
  '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--autoplay-policy=no-user-gesture-required',
];

const page = `<!doctype html><video muted autoplay playsinline></video><script src="/__test-player.js"></script><script>
  const p = dashjs.MediaPlayer().create();
  p.on(dashjs.MediaPlayer.events.ERROR, (e) => console.log('dash error ' + JSON.stringify(e.error || e)));
  p.initialize(document.querySelector('video'), ${JSON.stringify(mediaUrl)}, true);
</script>`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args });
  let result = { ok: false };
  try {
    const context = await browser.newContext();
    const origin = new URL(mediaUrl).origin;
    await context.route(origin + '/__test-player.js', (route) => route.fulfill({
      contentType: 'text/javascript',
      body: fs.readFileSync(path.join(__dirname, 'node_modules', 'dashjs', 'dist', 'modern', 'umd', 'dash.all.min.js')) }));
    await context.route(origin + '/__test-player.html', (route) => route.fulfill({ contentType: 'text/html', body: page }));
    const tab = await context.newPage();
    const logs = [];
    tab.on('console', (m) => logs.push(m.text()));
    await tab.goto(origin + '/__test-player.html');
    const state = () => tab.evaluate(() => {
      const v = document.querySelector('video');
      const q = v.getVideoPlaybackQuality();
      return { time: v.currentTime, seekedAt: window.__seekedAt ?? null, duration: v.duration, frames: q.totalVideoFrames, width: v.videoWidth, height: v.videoHeight,
               seeking: v.seeking, paused: v.paused, error: v.error ? v.error.message || String(v.error.code) : null };
    });
    let before;
    let seeked = false;
    for (;;) {
      const s = await state();
      if (!seeked && s.time >= 0.5 && s.frames > 0) {
        before = s;
        await tab.evaluate((t) => {
          const v = document.querySelector('video');
          v.addEventListener('seeked', () => { window.__seekedAt = v.currentTime; }, { once: true });
          v.currentTime = t;
        }, seekTo);
        seeked = true;
      } else if (seeked && s.seekedAt !== null && !s.seeking && s.time >= seekTo + 1) {
        result = { before, after: s, ok: Math.abs(s.seekedAt - seekTo) < 0.5 && s.frames > before.frames };
        break;
      }
      if (Date.now() > deadline) {
        result = { before, after: s, ok: false, timeout: true };
        break;
      }
      await sleep(100);
    }
    result.logs = logs.slice(-10);
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(result.ok ? 0 : 1);
})().catch((e) => { process.stdout.write(JSON.stringify({ ok: false, error: String(e) }) + '\n'); process.exit(2); });
