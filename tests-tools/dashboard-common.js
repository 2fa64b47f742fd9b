// What the dashboard scripts for Chromium (dashboard-browser.js, Playwright) and Firefox (dashboard-firefox.js,
// puppeteer) share: the step protocol, the deadline, the in-page checks and the preview watch. The two drivers' APIs
// differ, so page actions stay in each script; functions named *InPage run inside the page.
'use strict';

const say = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A deadline for the whole run; left() is what one wait may take (at most capMs on a loaded machine, at least 1 s).
function deadlineIn(timeoutMs, capMs = Infinity) {
  const deadline = Date.now() + timeoutMs;
  return { deadline, left: () => Math.max(1000, Math.min(capMs, deadline - Date.now())) };
}

// The overview's path counter has its first figure: the dashboard signed in and polled the API.
const countersShownInPage = () => /^\d/.test(document.getElementById('v-paths')?.textContent || '');

// The paths page lists the path.
const pathListedInPage = (name) => [...document.querySelectorAll('#paths a.path-link')].some((a) => a.textContent === name);

// The embeddable player's state and its <video>'s progress.
const previewInPage = () => {
  const el = document.querySelector('[data-status]');
  const v = document.querySelector('video');
  const state = (el && el.mediabroker) || {};
  const q = v ? v.getVideoPlaybackQuality() : { totalVideoFrames: 0 };
  return { status: state.status, tech: state.tech, time: v ? v.currentTime : 0, frames: q.totalVideoFrames,
           width: v ? v.videoWidth : 0, height: v ? v.videoHeight : 0 };
};

// Samples the preview (evaluate runs a function in its frame) until, once the player says "playing", the video has
// advanced 1.5 s and decoded 25 frames at a known size, or until the deadline.
async function watchPreview(evaluate, until) {
  let start = null;
  let s = {};
  while (Date.now() < until) {
    s = await evaluate(previewInPage).catch((e) => ({ error: String(e) }));
    if (s.status === 'playing') {
      if (start === null) start = s;
      if (s.time - start.time >= 1.5 && s.frames - start.frames >= 25 && s.width > 0) break;
    } else {
      start = null;
    }
    await sleep(200);
  }

  return { preview: s, previewTime: start ? s.time - start.time : 0, previewFrames: start ? s.frames - start.frames : 0 };
}

module.exports = { say, sleep, deadlineIn, countersShownInPage, pathListedInPage, watchPreview };
