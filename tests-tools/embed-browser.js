// Drives Debian's Chromium (no browser download) for MediaBroker's embed player tests.
//   node embed-browser.js <page url> <mode> <timeout ms> [path]
// With a path, <page url> is the player script: a blank page of another origin embeds it with
// <script src="<page url>" data-path="<path>">; with the path "-", with <script src="<page url>"> (/embed_<path>.js).
// mode "play":    waits until the player plays (currentTime advances 1.5 s, 25 frames decoded) and prints
//                 PLAYING {json}; exit code 0 when it did.
// mode "recover": as "play", then waits for the player to show "offline" (the test stops the publisher after
//                 PLAYING) and prints OFFLINE {json}, then waits until it plays again and prints RECOVERED {json}.
// mode ",nowhep" (e.g. "play,nowhep"): every WHEP request fails in the browser, as when a network blocks WebRTC.
// The json has the player's state (status, tech) and what the <video> element reached.
'use strict';
const { chromium } = require('playwright-core');

const [url, mode, timeoutText, embedPath] = process.argv.slice(2);
const deadline = Date.now() + Number(timeoutText || 60000);

const args = [
  '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--autoplay-policy=no-user-gesture-required',
  // CI runs the tests in a network namespace with only loopback: Chromium must offer loopback ICE candidates.
  '--allow-loopback-in-peer-connection', '--disable-features=WebRtcHideLocalIpsWithMdns',
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args });
  const logs = [];
  let ok = false;
  try {
    const page = await browser.newPage();
    page.on('console', (m) => logs.push(m.text()));
    page.on('pageerror', (e) => logs.push('pageerror: ' + e.message));
    if (mode.split(',').includes('nowhep')) await page.route(/\/whep(\?|$)/, (route) => route.abort('failed'));
    if (embedPath) {
      const attr = (t) => t.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
      const data = embedPath === '-' ? '' : ` data-path="${attr(embedPath)}"`;
      await page.setContent(`<!DOCTYPE html><html><body><script src="${attr(url)}"${data}></script></body></html>`);
    } else {
      await page.goto(url);
    }
    const sample = () => page.evaluate(() => {
      const el = document.querySelector('[data-status]');
      const v = document.querySelector('video');
      const state = el ? el.mediabroker : {};
      const q = v ? v.getVideoPlaybackQuality() : { totalVideoFrames: 0 };
      return { status: state.status, tech: state.tech, error: state.error, message: el ? el.textContent : '',
               time: v ? v.currentTime : 0, frames: q.totalVideoFrames, width: v ? v.videoWidth : 0, height: v ? v.videoHeight : 0 };
    });
    // Plays when currentTime advances 1.5 s and 25 frames are decoded after the player says "playing".
    const waitPlaying = async () => {
      let start = null;
      for (;;) {
        const s = await sample();
        if (s.status === 'playing') {
          if (start === null) start = s;
          if (s.time - start.time >= 1.5 && s.frames - start.frames >= 25 && s.width > 0) return s;
        } else {
          start = null;
        }
        if (Date.now() > deadline) throw new Error('not playing: ' + JSON.stringify(s));
        await sleep(100);
      }
    };
    const waitStatus = async (status) => {
      for (;;) {
        const s = await sample();
        if (s.status === status) return s;
        if (Date.now() > deadline) throw new Error('never ' + status + ': ' + JSON.stringify(s));
        await sleep(100);
      }
    };

    process.stdout.write('PLAYING ' + JSON.stringify(await waitPlaying()) + '\n');
    if (mode.split(',').includes('recover')) {
      process.stdout.write('OFFLINE ' + JSON.stringify(await waitStatus('offline')) + '\n');
      process.stdout.write('RECOVERED ' + JSON.stringify(await waitPlaying()) + '\n');
    }
    ok = true;
  } catch (e) {
    process.stdout.write('FAILED ' + JSON.stringify({ error: String(e), logs: logs.slice(-20) }) + '\n');
  } finally {
    await browser.close();
  }
  process.exit(ok ? 0 : 1);
})().catch((e) => { process.stdout.write('FAILED ' + JSON.stringify({ error: String(e) }) + '\n'); process.exit(2); });
