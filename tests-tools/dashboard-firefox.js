// Drives Debian's Firefox ESR (no browser download) through MediaBroker's dashboard, for DashboardFirefoxTests, with
// puppeteer-core over WebDriver BiDi.
//   node dashboard-firefox.js <api base url> <user> <pass> <path> <timeout ms>
// Prints one JSON line per step ({"step":...}); the test publishes with ffmpeg when it reads "waiting-for-path".
// Exit code 0 when every step passed.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const puppeteer = require('puppeteer-core');
const { say, deadlineIn, countersShownInPage, pathListedInPage, watchPreview } = require('./dashboard-common');

const [base, user, pass, streamPath, timeoutText] = process.argv.slice(2);
const { deadline, left } = deadlineIn(Number(timeoutText || 60000));

// The preview must autoplay without a user gesture. It plays over HLS here: Debian's Firefox offers no H.264 over
// WebRTC without Cisco's OpenH264 plugin (downloaded at run time, not packaged), and in CI's loopback-only namespace,
// which has no default route, it gathers no ICE candidates either; the player then falls back to HLS.
const prefs = {
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'app.update.enabled': false,
};

const urlIs = (re) => (page) => page.waitForFunction((src) => new RegExp(src).test(location.href), { timeout: left() }, re.source);

(async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'mb-firefox-'));
  const result = { ok: false };
  const logs = [];
  let browser = null;
  let page = null;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox', protocol: 'webDriverBiDi', headless: true,
      executablePath: process.env.FIREFOX || '/usr/bin/firefox-esr',
      userDataDir: profile, extraPrefsFirefox: prefs, timeout: left(),
      defaultViewport: { width: 1280, height: 800 },
    });
    result.browser = await browser.version();
    page = await browser.newPage();
    page.on('console', (m) => logs.push(m.text()));
    page.on('pageerror', (e) => logs.push('pageerror: ' + e.message));
    page.setDefaultTimeout(left());

    // 1. Not signed in: the dashboard sends the browser to its form.
    await page.goto(base + '/ui/');
    await urlIs(/\/ui\/login$/)(page);
    await page.type('#user', user);
    await page.type('#pass', pass);
    await page.click('#signin');
    await urlIs(/\/ui\/$/)(page);
    await page.waitForFunction(countersShownInPage, { timeout: left() });
    result.loggedIn = true;
    say({ step: 'logged-in' });

    // 2. The path appears in the list (polled from the API) once ffmpeg publishes.
    await page.click('nav a[data-page=paths]');
    await page.waitForSelector('#paths', { timeout: left() });
    say({ step: 'waiting-for-path' });
    await page.waitForFunction(pathListedInPage, { timeout: left() }, streamPath);
    result.pathAppeared = true;
    say({ step: 'path-appeared' });

    // 3. The path page: its preview is the embeddable player; once it says "playing" (whichever technique it ended
    //    up with), the <video> advances 1.5 s and decodes 25 frames.
    await page.evaluate((name) => [...document.querySelectorAll('#paths a.path-link')].find((a) => a.textContent === name).click(), streamPath);
    await urlIs(new RegExp('#/paths/' + streamPath + '$'))(page);
    const iframe = await page.waitForSelector('iframe#preview', { timeout: left() });
    result.previewSrc = await iframe.evaluate((f) => f.getAttribute('src'));
    const frame = await iframe.contentFrame();
    const watched = await watchPreview((f) => frame.evaluate(f), Math.min(deadline - 15000, Date.now() + 30000));
    Object.assign(result, watched);
    const s = watched.preview;
    say({ step: 'preview', ...s });

    // 4. Edit a path key: an invalid value shows its error next to the field, a valid one is saved.
    await page.goto(base + '/ui/#/config/paths/' + streamPath);
    const input = '.field[data-key=maxReaders] input';
    await page.waitForSelector(input, { timeout: left() });
    const fill = (value) => page.$eval(input, (el, v) => {
      el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }, value);
    await fill('-2');
    await page.click('#save');
    await page.waitForSelector('.field[data-key=maxReaders] .error', { visible: true, timeout: left() });
    result.fieldError = await page.$eval('.field[data-key=maxReaders] .error', (el) => el.textContent);
    await fill('7');
    await page.click('#save');
    await page.waitForSelector('.status.ok', { timeout: left() });
    result.saved = await page.$eval('.status.ok', (el) => el.textContent);

    result.ok = result.previewTime >= 1.5 && result.previewFrames >= 25 && s.width > 0 && !!result.saved;
  } catch (e) {
    result.error = String(e);
    result.url = page ? page.url() : null;
  } finally {
    result.logs = logs.slice(-10);
    if (browser) {
      await browser.close().catch(() => browser.process()?.kill('SIGKILL'));
    }
    fs.rmSync(profile, { recursive: true, force: true });
  }
  say({ step: 'done', ...result });
  process.exit(result.ok ? 0 : 1);
})().catch((e) => { say({ step: 'done', ok: false, error: String(e) }); process.exit(2); });
