// Drives Debian's Chromium (no browser download) through MediaBroker's dashboard, for DashboardBrowserTests.
//   node dashboard-browser.js <api base url> <user> <pass> <path> <screenshot dir> <timeout ms>
// Prints one JSON line per step ({"step":...}); the test publishes with ffmpeg when it reads "waiting-for-path" and
// starts a reader when it reads "waiting-for-reader". Exit code 0 when every step passed.
'use strict';
const path = require('path');
const { chromium } = require('playwright-core');
const { say, sleep, deadlineIn, countersShownInPage, pathListedInPage, watchPreview } = require('./dashboard-common');

const [base, user, pass, streamPath, shots, timeoutText] = process.argv.slice(2);
const { deadline, left } = deadlineIn(Number(timeoutText || 120000), 90000);

const args = [
  '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--autoplay-policy=no-user-gesture-required',
  // The preview plays over WebRTC; CI runs the tests in a network namespace with only loopback, so Chromium must offer
  // loopback ICE candidates, with their real addresses rather than mDNS names.
  '--allow-loopback-in-peer-connection', '--disable-features=WebRtcHideLocalIpsWithMdns',
];

async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, `dashboard-${name}.png`) });
}

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args });
  const result = { ok: false };
  const logs = [];
  let page = null;
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.on('console', (m) => logs.push(m.text()));
    page.on('pageerror', (e) => logs.push('pageerror: ' + e.message));
    page.setDefaultTimeout(left());

    // 1. Not signed in: the dashboard sends the browser to its form.
    await page.goto(base + '/ui/');
    await page.waitForURL(/\/ui\/login$/);
    await page.fill('#user', user);
    await page.fill('#pass', pass);
    await shot(page, 'login');
    await page.click('#signin');
    await page.waitForURL(/\/ui\/$/);
    await page.waitForFunction(countersShownInPage);
    result.loggedIn = true;
    say({ step: 'logged-in' });

    // 2. The path appears in the list once ffmpeg publishes.
    await page.click('nav a[data-page=paths]');
    await page.waitForSelector('#paths');
    say({ step: 'waiting-for-path' });
    await page.waitForFunction(pathListedInPage, streamPath, { timeout: left() });
    const link = page.locator('a.path-link', { hasText: streamPath });
    result.pathAppeared = true;
    say({ step: 'waiting-for-reader' });
    await page.waitForFunction((name) => [...document.querySelectorAll('#paths tr')].some((tr) =>
      tr.querySelector('a.path-link')?.textContent === name && Number(tr.children[4].textContent) >= 1), streamPath, { timeout: left() });
    await sleep(2500); // one more poll for the bitrate column
    await shot(page, 'paths');

    // 3. The path page's preview is the embeddable player (/<path>.html) and plays: once the player says "playing",
    //    the <video> advances 1.5 s and decodes 25 frames, at the size ffmpeg publishes.
    await link.click();
    const iframe = await page.waitForSelector('iframe#preview', { timeout: left() });
    result.previewSrc = await iframe.getAttribute('src');
    const frame = await iframe.contentFrame();
    Object.assign(result, await watchPreview((f) => frame.evaluate(f), deadline));
    await shot(page, 'path');

    // The overview while the stream and the reader run: a few polls, so that the charts have points.
    await page.click('nav a[data-page=overview]');
    await page.waitForFunction(() => /^[1-9]/.test(document.getElementById('v-paths')?.textContent || ''), null, { timeout: left() });
    await sleep(8000);
    await shot(page, 'overview');
    await page.goto(base + '/ui/' + '#/paths/' + streamPath);

    // 4. Kick the reader; the row goes away.
    const kick = page.locator('button.kick[data-state=read]');
    await kick.first().waitFor({ timeout: left() });
    result.kickedId = await kick.first().getAttribute('data-id');
    result.kickedResource = await kick.first().getAttribute('data-resource');
    say({ step: 'kicking', id: result.kickedId });
    await kick.first().click();
    await page.waitForFunction((id) => !document.querySelector(`button.kick[data-id="${id}"]`), result.kickedId, { timeout: left() });
    result.kickGone = true;

    // 5. Edit a path key: an invalid value shows its error next to the field, a valid one is saved.
    await page.goto(base + '/ui/#/config/paths/' + streamPath);
    const maxReaders = page.locator('.field[data-key=maxReaders] input');
    await maxReaders.waitFor({ timeout: left() });
    await maxReaders.fill('-2');
    await page.click('#save');
    const fieldError = page.locator('.field[data-key=maxReaders] .error');
    await fieldError.waitFor({ state: 'visible', timeout: left() });
    result.fieldError = await fieldError.textContent();
    await shot(page, 'config-error');
    await maxReaders.fill('7');
    await page.click('#save');
    await page.waitForSelector('.status.ok', { timeout: left() });
    result.saved = await page.textContent('.status.ok');
    await page.goto(base + '/ui/#/config/global');
    await page.waitForSelector('.field[data-key=logLevel]', { timeout: left() });
    await shot(page, 'config');

    // 6. Logs: a line logged after the page opened arrives over the WebSocket.
    await page.goto(base + '/ui/#/logs');
    await page.waitForFunction(() => document.querySelector('.status.ok')?.textContent === 'live', null, { timeout: left() });
    const marker = 'intruder' + Date.now();
    await page.request.post(base + '/ui/login', { form: { user: marker, pass: 'nope' }, maxRedirects: 0 });
    const refused = (m) => [...document.querySelectorAll('#log-lines div')].find((d) => d.textContent.includes(m) && d.textContent.includes('sign-in refused'));
    await page.waitForFunction(refused, marker, { timeout: left() });
    result.logLine = await page.evaluate((m) => [...document.querySelectorAll('#log-lines div')]
      .find((d) => d.textContent.includes(m) && d.textContent.includes('sign-in refused')).textContent, marker);
    await shot(page, 'logs');

    result.ok = result.previewTime >= 1.5 && result.preview.width > 0 && result.kickGone === true && !!result.logLine;
  } catch (e) {
    result.error = String(e);
    result.url = page ? page.url() : null;
  } finally {
    result.logs = logs.slice(-10);
    await browser.close();
  }
  say({ step: 'done', ...result });
  process.exit(result.ok ? 0 : 1);
})().catch((e) => { say({ step: 'done', ok: false, error: String(e) }); process.exit(2); });
