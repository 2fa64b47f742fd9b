// MediaBroker dashboard: plain JS, no build step. Data comes from the MediaMTX v3 API and the dashboard's
// own /ui/api routes on the same listener; state-changing calls carry X-MediaBroker-Request (CSRF guard).
'use strict';

const main = document.getElementById('main');
let pageTimer = null;
let pageCleanup = null;
let lastStats = null;

// ---------- helpers ----------
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

async function api(method, url, body) {
  const init = { method, credentials: 'same-origin', headers: { 'X-MediaBroker-Request': '1' } };
  if (body !== undefined) { init.headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(body); }
  const res = await fetch(url, init);
  if (res.status === 401) { location.href = '/ui/login'; throw new Error('authentication required'); }
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!res.ok) { const e = new Error((json && json.error) || res.statusText); e.status = res.status; throw e; }
  return json;
}

const get = (url) => api('GET', url);

function fmtBytes(n) {
  if (!Number.isFinite(n)) return '–';
  const u = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; }
  return (i ? n.toFixed(1) : n) + ' ' + u[i];
}

function fmtBits(bps) {
  if (!Number.isFinite(bps)) return '–';
  if (bps >= 1e6) return (bps / 1e6).toFixed(2) + ' Mbit/s';
  if (bps >= 1e3) return (bps / 1e3).toFixed(0) + ' kbit/s';
  return bps.toFixed(0) + ' bit/s';
}

function fmtDuration(s) {
  s = Math.floor(s);
  const d = Math.floor(s / 86400), hh = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
  return (d ? d + 'd ' : '') + (d || hh ? hh + 'h ' : '') + m + 'm ' + (s % 60) + 's';
}

function poll(fn, ms) {
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    try { await fn(); } catch (e) { if (e.status !== 401) console.warn(e); }
    if (!stopped) pageTimer = setTimeout(tick, ms);
  };
  tick();
  return () => { stopped = true; clearTimeout(pageTimer); };
}

function sparkline(canvas, values, color) {
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth || 200, hgt = canvas.clientHeight || 48;
  canvas.width = w * dpr; canvas.height = hgt * dpr;
  const c = canvas.getContext('2d');
  c.scale(dpr, dpr);
  c.clearRect(0, 0, w, hgt);
  if (values.length < 2) return;
  const max = Math.max(...values, 1e-9);
  c.beginPath();
  values.forEach((v, i) => {
    const x = i / (values.length - 1) * w, y = hgt - 2 - v / max * (hgt - 4);
    if (i) c.lineTo(x, y); else c.moveTo(x, y);
  });
  c.strokeStyle = color; c.lineWidth = 1.5; c.stroke();
  c.lineTo(w, hgt); c.lineTo(0, hgt); c.closePath();
  c.fillStyle = color + '22'; c.fill();
}

function stateBadge(p) {
  if (p.online) return h('span', { class: 'badge ok' }, 'online');
  if (p.available || p.ready) return h('span', { class: 'badge ok' }, 'ready');
  return h('span', { class: 'badge warn' }, 'waiting');
}

function pathHref(name) { return '#/paths/' + name.split('/').map(encodeURIComponent).join('/'); }

// Where a client reaches each media server: this page's host name with the port the server bound.
function urlsFor(name, stats) {
  const host = location.hostname.includes(':') ? '[' + location.hostname + ']' : location.hostname;
  const out = [];
  for (const l of (stats && stats.listeners) || []) {
    const base = `${l.scheme}://${host}:${l.port}`;
    switch (l.protocol) {
      case 'rtsp': out.push([l.scheme.toUpperCase(), `${base}/${name}`]); break;
      case 'rtmp': out.push([l.scheme.toUpperCase(), `${base}/${name}`]); break;
      case 'srt':
        out.push(['SRT read', `${base}?streamid=read:${name}`]);
        out.push(['SRT publish', `${base}?streamid=publish:${name}`]); break;
      case 'hls':
        out.push(['HLS', `${base}/${name}/index.m3u8`]);
        out.push(['HLS player', `${base}/${name}/`]); break;
      case 'webrtc':
        out.push(['WebRTC page', `${base}/${name}/`]);
        out.push(['WHEP', `${base}/${name}/whep`]);
        out.push(['WHIP', `${base}/${name}/whip`]); break;
    }
  }
  return out;
}

// The embeddable player's page (WebRTC, then LL-HLS when WebRTC fails), served by the WebRTC listener, else the HLS one.
function previewUrl(name, stats) {
  const listeners = (stats && stats.listeners) || [];
  const l = listeners.find((x) => x.protocol === 'webrtc') || listeners.find((x) => x.protocol === 'hls');
  if (!l) return null;
  const host = location.hostname.includes(':') ? '[' + location.hostname + ']' : location.hostname;
  return `${l.scheme}://${host}:${l.port}/${encodeURI(name)}.html`;
}

function copyBox(label, value) {
  const input = h('input', { type: 'text', readOnly: true, value });
  const button = h('button', { class: 'quiet', onclick: async () => {
    input.select();
    try { await navigator.clipboard.writeText(value); } catch { document.execCommand('copy'); }
    button.textContent = 'Copied'; setTimeout(() => { button.textContent = 'Copy'; }, 1200);
  } }, 'Copy');
  return h('div', { class: 'url' }, h('span', { class: 'proto' }, label), input, button);
}

function table(headers, rows, empty) {
  if (!rows.length) return h('div', { class: 'empty' }, empty);
  return h('table', {}, h('thead', {}, h('tr', {}, headers.map((x) => h('th', {}, x)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => (c instanceof Node && c.tagName === 'TD') ? c : h('td', {}, c))))));
}

async function refreshStats() {
  lastStats = await get('/ui/api/stats');
  document.getElementById('version').textContent = lastStats.version;
  return lastStats;
}

// ---------- overview ----------
function overviewPage() {
  const series = { cpu: [], mem: [], readers: [], inRate: [], outRate: [] };
  let prev = null;
  const card = (id, label, color) => {
    const value = h('div', { class: 'value', id: 'v-' + id }, '–');
    const canvas = h('canvas', { id: 'c-' + id });
    return { el: h('div', { class: 'card' }, h('div', { class: 'label' }, label), value, canvas), value, canvas, color };
  };
  const cards = {
    uptime: card('uptime', 'Uptime', '#3b82f6'), cpu: card('cpu', 'CPU (process)', '#f59e0b'),
    mem: card('mem', 'Memory (working set)', '#a855f7'), paths: card('paths', 'Paths (ready / total)', '#22c55e'),
    readers: card('readers', 'Readers', '#06b6d4'), inRate: card('inRate', 'Received', '#22c55e'),
    outRate: card('outRate', 'Sent', '#3b82f6'),
  };
  main.replaceChildren(h('h1', {}, 'Overview'), h('div', { class: 'cards' }, Object.values(cards).map((c) => c.el)),
    h('h2', {}, 'Listeners'), h('div', { id: 'listeners' }));
  const push = (arr, v) => { arr.push(v); if (arr.length > 60) arr.shift(); };
  return poll(async () => {
    const s = await refreshStats();
    const now = performance.now();
    const inRate = prev ? (s.bytesReceived - prev.s.bytesReceived) * 8 / ((now - prev.t) / 1000) : 0;
    const outRate = prev ? (s.bytesSent - prev.s.bytesSent) * 8 / ((now - prev.t) / 1000) : 0;
    prev = { s, t: now };
    push(series.cpu, s.cpuPercent); push(series.mem, s.memoryBytes); push(series.readers, s.readers);
    push(series.inRate, Math.max(0, inRate)); push(series.outRate, Math.max(0, outRate));
    cards.uptime.value.textContent = fmtDuration(s.uptimeSeconds);
    cards.cpu.value.textContent = s.cpuPercent.toFixed(1) + ' %';
    cards.mem.value.textContent = fmtBytes(s.memoryBytes);
    cards.paths.value.textContent = `${s.readyPaths} / ${s.paths}`;
    cards.readers.value.textContent = s.readers;
    cards.inRate.value.textContent = fmtBits(Math.max(0, inRate));
    cards.inRate.value.title = fmtBytes(s.bytesReceived) + ' received by the current paths';
    cards.outRate.value.textContent = fmtBits(Math.max(0, outRate));
    cards.outRate.value.title = fmtBytes(s.bytesSent) + ' sent to the current sessions';
    sparkline(cards.cpu.canvas, series.cpu, cards.cpu.color);
    sparkline(cards.mem.canvas, series.mem, cards.mem.color);
    sparkline(cards.readers.canvas, series.readers, cards.readers.color);
    sparkline(cards.inRate.canvas, series.inRate, cards.inRate.color);
    sparkline(cards.outRate.canvas, series.outRate, cards.outRate.color);
    document.getElementById('listeners').replaceChildren(table(['Protocol', 'Scheme', 'Address'],
      s.listeners.map((l) => [l.protocol.toUpperCase(), l.scheme, `${l.address}:${l.port}`]), 'No media server is listening.'));
  }, 2000);
}

// ---------- paths ----------
function pathsPage() {
  const prevBytes = new Map();
  const holder = h('div', { id: 'paths' });
  main.replaceChildren(h('h1', {}, 'Paths'), holder);
  return poll(async () => {
    const list = await get('/v3/paths/list?itemsPerPage=1000');
    const now = performance.now();
    const rows = list.items.map((p) => {
      const prev = prevBytes.get(p.name);
      const rate = prev ? (p.bytesReceived - prev.b) * 8 / ((now - prev.t) / 1000) : NaN;
      prevBytes.set(p.name, { b: p.bytesReceived, t: now });
      return [h('a', { href: pathHref(p.name), class: 'path-link' }, p.name), stateBadge(p),
        p.source ? p.source.type : '–', (p.tracks2 || []).map((t) => t.codec).join(', ') || '–',
        h('td', { class: 'num' }, String(p.readers.length)), h('td', { class: 'num' }, fmtBits(rate))];
    });
    holder.replaceChildren(table(['Name', 'State', 'Source', 'Tracks', 'Readers', 'Bitrate'], rows,
      'No path is active. Publish a stream (e.g. ffmpeg -re -i file.mp4 -c copy -f rtsp rtsp://host:8554/mystream) and it appears here.'));
  }, 2000);
}

function pathPage(name) {
  const preview = h('div', { id: 'preview-holder' });
  const info = h('div', { id: 'path-info' });
  const urls = h('div', { class: 'urls', id: 'urls' });
  const sessions = h('div', { id: 'sessions' });
  const recordings = h('div', { id: 'recordings' });
  const forwards = h('div', { id: 'forwards' });
  const pushes = h('div', { id: 'pushes' });
  main.replaceChildren(h('h1', {}, h('a', { href: '#/paths' }, 'Paths'), ' / ', name),
    h('div', { class: 'grid2' }, h('div', {}, preview, info), h('div', {}, h('h2', { style: 'margin-top:0' }, 'URLs'), urls)),
    h('h2', {}, 'Readers and sessions'), sessions, h('h2', {}, 'Recordings'), recordings,
    h('h2', {}, 'Forwards'), forwards, h('h2', {}, 'Pushes'), pushes);
  let previewSrc = null;
  let urlsShown = '';
  return poll(async () => {
    const stats = lastStats || await refreshStats();
    let path = null;
    try { path = await get('/v3/paths/get/' + encodeURI(name)); } catch (e) { if (e.status !== 404) throw e; }
    const src = path && (path.available || path.ready) ? previewUrl(name, stats) : null;
    if (src !== previewSrc) {
      previewSrc = src;
      preview.replaceChildren(src ? h('iframe', { class: 'preview', id: 'preview', src, allow: 'autoplay; fullscreen' })
        : h('div', { class: 'empty' }, path ? 'Waiting for the stream.' : 'This path is not active.'));
    }
    info.replaceChildren(path ? h('p', {}, stateBadge(path), ' ', path.source ? `source ${path.source.type}` : 'no source', ' · ',
      (path.tracks2 || []).map((t) => t.codec).join(', ') || 'no tracks', ' · ', fmtBytes(path.bytesReceived), ' received') : '');
    const list = urlsFor(name, stats);
    const key = JSON.stringify(list);
    if (key !== urlsShown) {
      urlsShown = key;
      urls.replaceChildren(...(list.length ? list.map(([l, u]) => copyBox(l, u)) : [h('div', { class: 'empty' }, 'No media server is listening.')]));
    }

    const all = await get('/ui/api/sessions');
    const mine = all.filter((s) => s.item && s.item.path === name);
    const readerIds = new Set(((path && path.readers) || []).map((r) => r.id));
    sessions.replaceChildren(table(['Kind', 'Id', 'Remote', 'State', 'Sent', ''], mine.map((s) => [
      s.resource, h('code', {}, s.item.id), s.item.remoteAddr || '–',
      (s.item.state || '–') + (readerIds.has(s.item.id) ? ' (reader)' : ''), fmtBytes(s.item.bytesSent ?? NaN),
      s.canKick ? h('button', { class: 'danger kick', 'data-id': s.item.id, 'data-state': s.item.state || '', 'data-resource': s.resource, onclick: async (ev) => {
        ev.target.disabled = true;
        try { await api('POST', `/v3/${s.resource}/kick/${s.item.id}`); } catch (e) { alert('Kick failed: ' + e.message); }
      } }, 'Kick') : '']), 'No reader or session on this path.'));

    try {
      const rec = await get('/v3/recordings/get/' + encodeURI(name));
      recordings.replaceChildren(table(['Start', 'Duration'], (rec.segments || []).map((s) => [s.start, s.duration ? s.duration.toFixed(1) + ' s' : '–']), 'No recorded segment.'));
    } catch (e) { if (e.status === 404 || e.status === 400) recordings.replaceChildren(h('div', { class: 'empty' }, 'No recording of this path.')); else throw e; }
    try {
      const fw = await get('/v3/paths/forward/list?path=' + encodeURIComponent(name));
      forwards.replaceChildren(table(['Destination', 'State', 'Sent'], fw.items.map((f) => [f.url || f.destination || f.id, f.state || '–', fmtBytes(f.bytesSent ?? f.outboundBytes ?? NaN)]), 'No forward.'));
    } catch (e) { forwards.replaceChildren(h('div', { class: 'empty' }, e.status === 404 ? 'No forward (the path is not active).' : e.message)); }
    try {
      const ps = await get('/v3/pushes/list?itemsPerPage=1000');
      pushes.replaceChildren(table(['Id', 'Target', 'State', 'Sent'], ps.items.filter((p) => p.path === name).map((p) => [p.id, p.resolvedTarget || p.target, p.state + (p.lastError ? ': ' + p.lastError : ''), fmtBytes(p.outboundBytes)]), 'No push.'));
    } catch (e) { pushes.replaceChildren(h('div', { class: 'empty' }, e.message)); }
  }, 2000);
}

// ---------- configuration ----------
function fieldFor(key, value) {
  let input;
  if (typeof value === 'boolean') input = h('input', { type: 'checkbox', checked: value });
  else if (typeof value === 'number') input = h('input', { type: 'number', value: String(value), step: 'any' });
  else if (value !== null && typeof value === 'object') input = h('textarea', { rows: Math.min(8, JSON.stringify(value, null, 1).split('\n').length) }, JSON.stringify(value));
  else input = h('input', { type: 'text', value: value ?? '' });
  input.name = key; input.id = 'f-' + key;
  const error = h('div', { class: 'error', hidden: true });
  const field = h('div', { class: 'field', 'data-key': key }, h('label', { for: 'f-' + key }, key), h('div', {}, input, error));
  const read = () => {
    if (input.type === 'checkbox') return input.checked;
    if (input.type === 'number') return input.value === '' ? null : Number(input.value);
    if (input.tagName === 'TEXTAREA') return JSON.parse(input.value);
    return value === null && input.value === '' ? null : input.value;
  };
  input.addEventListener('input', () => field.classList.toggle('changed', JSON.stringify(safe(read)) !== JSON.stringify(value)));
  return { key, field, read, error, original: value };
}

function safe(fn) { try { return fn(); } catch { return undefined; } }

function configForm(getUrl, patchUrl, extraButtons) {
  const holder = h('div');
  const status = h('span', { class: 'status' });
  (async () => {
    const conf = await get(getUrl);
    const fields = Object.keys(conf).sort().map((k) => fieldFor(k, conf[k]));
    const filter = h('input', { type: 'search', placeholder: 'Filter keys', oninput: () => {
      for (const f of fields) f.field.hidden = !f.key.toLowerCase().includes(filter.value.toLowerCase());
    } });
    const save = h('button', { id: 'save', onclick: async () => {
      for (const f of fields) { f.error.hidden = true; f.field.classList.remove('invalid'); }
      const patch = {};
      for (const f of fields) {
        let v;
        try { v = f.read(); } catch { showError(f, 'not valid JSON'); continue; }
        if (JSON.stringify(v) !== JSON.stringify(f.original)) patch[f.key] = v;
      }
      if (fields.some((f) => !f.error.hidden)) { status.className = 'status err'; status.textContent = 'Fix the marked fields.'; return; }
      if (!Object.keys(patch).length) { status.className = 'status'; status.textContent = 'Nothing changed.'; return; }
      try {
        await api('PATCH', patchUrl, patch);
        for (const f of fields) if (f.key in patch) { f.original = patch[f.key]; f.field.classList.remove('changed'); }
        status.className = 'status ok'; status.textContent = 'Saved: ' + Object.keys(patch).join(', ');
      } catch (e) {
        status.className = 'status err'; status.textContent = e.message;
        // Errors read "line N: key 'a.b.c': message"; the last segment of the key names the field.
        for (const part of e.message.split('; ')) {
          const m = /key '([^']+)'/.exec(part);
          if (!m) continue;
          const f = fields.find((x) => x.key === m[1] || m[1].endsWith('.' + x.key) || m[1].startsWith(x.key + '['));
          if (f) showError(f, part.replace(/^line \d+: /, ''));
        }
      }
    } }, 'Save changes');
    holder.replaceChildren(h('div', { class: 'toolbar' }, filter, save, ...(extraButtons || []), status), h('div', { class: 'form' }, fields.map((f) => f.field)));
  })().catch((e) => holder.replaceChildren(h('div', { class: 'empty' }, e.message)));
  return holder;
}

function showError(f, message) { f.error.textContent = message; f.error.hidden = false; f.field.classList.add('invalid'); }

function configPage(tab, pathName) {
  const tabs = [['global', 'Global'], ['pathdefaults', 'Path defaults'], ['paths', 'Paths']];
  const body = h('div');
  main.replaceChildren(h('h1', {}, 'Configuration'),
    h('div', { class: 'tabs' }, tabs.map(([id, label]) => h('button', { class: tab === id ? 'active' : '', onclick: () => { location.hash = '#/config/' + id; } }, label))),
    h('p', { class: 'status' }, 'Changes apply at once through the v3 API; with apiPersistConfig: yes they are also written to the configuration file.'),
    body);
  if (tab === 'global') body.append(configForm('/v3/config/global/get', '/v3/config/global/patch'));
  else if (tab === 'pathdefaults') body.append(configForm('/v3/config/pathdefaults/get', '/v3/config/pathdefaults/patch'));
  else if (pathName) {
    const enc = encodeURI(pathName);
    body.append(h('h2', { style: 'margin-top:0' }, 'paths.' + pathName),
      configForm('/v3/config/paths/get/' + enc, '/v3/config/paths/patch/' + enc, [h('button', { class: 'danger', onclick: async () => {
        if (!confirm('Remove the configuration of ' + pathName + '?')) return;
        try { await api('DELETE', '/v3/config/paths/delete/' + enc); location.hash = '#/config/paths'; } catch (e) { alert(e.message); }
      } }, 'Remove path')]));
  } else {
    const name = h('input', { type: 'text', placeholder: 'new path name (or ~regex)', id: 'new-path' });
    const status = h('span', { class: 'status' });
    const list = h('div');
    body.append(h('div', { class: 'toolbar' }, name, h('button', { onclick: async () => {
      try { await api('POST', '/v3/config/paths/add/' + encodeURI(name.value), {}); location.hash = '#/config/paths/' + name.value; }
      catch (e) { status.className = 'status err'; status.textContent = e.message; }
    } }, 'Add path'), status), list);
    get('/v3/config/paths/list?itemsPerPage=1000').then((r) => list.replaceChildren(table(['Name', 'Source', 'Record'],
      r.items.map((p) => [h('a', { href: '#/config/paths/' + p.name }, p.name), p.source || '–', p.record ? 'yes' : 'no']), 'No path configured.')));
  }
  return null;
}

// ---------- logs ----------
const LEVELS = ['trace', 'debug', 'info', 'warn', 'error'];

function logsPage() {
  const lines = [];
  const components = new Set();
  const box = h('div', { class: 'logs', id: 'log-lines' });
  const level = h('select', { id: 'log-level' }, LEVELS.map((l) => h('option', { value: l, selected: l === 'debug' }, 'level ≥ ' + l)));
  const component = h('select', { id: 'log-component' }, h('option', { value: '' }, 'all components'));
  const text = h('input', { type: 'search', placeholder: 'contains…', id: 'log-text' });
  const state = h('span', { class: 'status' }, 'connecting…');
  const follow = h('input', { type: 'checkbox', checked: true, id: 'log-follow' });
  main.replaceChildren(h('h1', {}, 'Logs'), h('div', { class: 'toolbar' }, level, component, text,
    h('label', {}, follow, ' follow'), state), box);
  const visible = (l) => LEVELS.indexOf(l.level) >= LEVELS.indexOf(level.value)
    && (!component.value || l.component === component.value) && (!text.value || l.message.includes(text.value));
  const row = (l) => h('div', { class: l.level }, h('span', { class: 't' }, l.time.slice(0, 19).replace('T', ' ') + ' '),
    l.level.toUpperCase().padEnd(5) + ' ', l.message, l.exception ? '\n' + l.exception : '');
  const render = () => { box.replaceChildren(...lines.filter(visible).map(row)); if (follow.checked) box.scrollTop = box.scrollHeight; };
  for (const el of [level, component, text]) el.addEventListener('input', render);
  let socket = null;
  let closed = false;
  const connect = () => {
    socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ui/api/logs');
    socket.onopen = () => { state.className = 'status ok'; state.textContent = 'live'; };
    socket.onmessage = (ev) => {
      const l = JSON.parse(ev.data);
      lines.push(l);
      if (lines.length > 5000) lines.shift();
      if (!components.has(l.component)) { components.add(l.component); component.append(h('option', { value: l.component }, l.component)); }
      if (visible(l)) { box.append(row(l)); if (box.childElementCount > 5000) box.firstChild.remove(); if (follow.checked) box.scrollTop = box.scrollHeight; }
    };
    socket.onclose = () => {
      if (closed) return;
      state.className = 'status err'; state.textContent = 'disconnected, retrying…';
      setTimeout(() => { if (!closed) { lines.length = 0; box.replaceChildren(); connect(); } }, 2000);
    };
  };
  connect();
  return () => { closed = true; socket && socket.close(); };
}

// ---------- routing ----------
function route() {
  if (pageCleanup) { pageCleanup(); pageCleanup = null; }
  const hash = decodeURIComponent(location.hash.replace(/^#\/?/, '')) || 'overview';
  const [page, ...rest] = hash.split('/');
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.page === page);
  document.body.dataset.page = page;
  if (page === 'paths' && rest.length) pageCleanup = pathPage(rest.join('/'));
  else if (page === 'paths') pageCleanup = pathsPage();
  else if (page === 'config') pageCleanup = configPage(rest[0] || 'global', rest.slice(1).join('/'));
  else if (page === 'logs') pageCleanup = logsPage();
  else pageCleanup = overviewPage();
}

document.getElementById('logout').addEventListener('click', async () => {
  try { await api('POST', '/ui/logout'); } finally { location.href = '/ui/login'; }
});
window.addEventListener('hashchange', route);
refreshStats().catch(() => {});
route();
