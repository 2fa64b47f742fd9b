// Drives Debian's Chromium (no browser download) for MediaBroker's HLS player-page test.
//   node hls-browser.js <page url> <min currentTime s> <min decoded frames> <timeout ms>
// Prints one JSON line with what the <video> element reached; exit code 0 when both minimums were reached.
'use strict';
const { chromium } = require('playwright-core');

const [url, minTimeText, minFramesText, timeoutText] = process.argv.slice(2);
const minTime = Number(minTimeText || 1);
const minFrames = Number(minFramesText || 1);
const deadline = Date.now() + Number(timeoutText || 30000);

const args = [
  '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--autoplay-policy=no-user-gesture-required',
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args });
  let result = { ok: false };
  try {
    const page = await browser.newPage();
    const logs = [];
    page.on('console', (m) => logs.push(m.text()));
    await page.goto(url);
    for (;;) {
      const s = await page.evaluate(() => {
        const v = document.querySelector('video');
        const q = v.getVideoPlaybackQuality();
        return { time: v.currentTime, frames: q.totalVideoFrames, dropped: q.droppedVideoFrames,
                 width: v.videoWidth, height: v.videoHeight, paused: v.paused,
                 error: v.error ? v.error.message || String(v.error.code) : null };
      });
      result = { ...s, ok: s.time >= minTime && s.frames >= minFrames };
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
