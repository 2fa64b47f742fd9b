// MediaBroker's embeddable player (served at /player.js on the HLS and WebRTC listeners). No build step, no CDN.
//   <script src="http://broker:8889/player.js" data-path="cam"></script>      a player in place of the tag
//   <script src="http://broker:8889/player.js?token=..." data-path="cam">    the query is passed to every request
//   MediaBrokerPlayer.embed(element, 'cam', { prefer: 'hls' })               a player in an element of yours
// It follows /json_<path>.js over WebSocket, plays WebRTC (WHEP) first, falls back to LL-HLS with the vendored
// hls.js (/hls.min.js, loaded on demand) when WebRTC fails, shows "offline" and starts again when the stream returns.
// Each player's state is on its element: element.mediabroker = { status, tech, error, info }.
(() => {
  'use strict';
  const script = document.currentScript;
  const scriptUrl = new URL(script.src, location.href);
  const base = new URL('./', scriptUrl);
  const query = scriptUrl.search;
  const retryDelay = 2000;
  const webrtcTimeout = 10000;
  const hlsType = 'html5/application/vnd.apple.mpegurl';

  const encodePath = (path) => path.split('/').map(encodeURIComponent).join('/');
  const withQuery = (url) => {
    if (!query) return url;
    const u = new URL(url);
    for (const [k, v] of new URLSearchParams(query)) u.searchParams.set(k, v);
    return u.toString();
  };

  let hlsLoading = null;
  const loadHls = () => {
    if (window.Hls) return Promise.resolve(window.Hls);
    if (hlsLoading === null) {
      hlsLoading = new Promise((resolve, reject) => {
        const s = document.createElement('script');
        s.src = new URL('hls.min.js', base).toString();
        s.onload = () => (window.Hls ? resolve(window.Hls) : reject(new Error('hls.js did not load')));
        s.onerror = () => { hlsLoading = null; reject(new Error('hls.js did not load')); };
        document.head.appendChild(s);
      });
    }
    return hlsLoading;
  };

  const linkToIceServers = (links) => {
    if (!links) return [];
    return links.split(', <').map((link) => {
      const m = link.match(/^<?([^>]+)>; rel="ice-server"(; username="(.*?)"; credential="(.*?)"; credential-type="password")?/i);
      if (!m) return null;
      const server = { urls: [m[1]] };
      if (m[3] !== undefined) { server.username = JSON.parse('"' + m[3] + '"'); server.credential = JSON.parse('"' + m[4] + '"'); }
      return server;
    }).filter(Boolean);
  };

  class Player {
    constructor(container, path, options) {
      this.path = path;
      this.options = options || {};
      this.container = container;
      this.generation = 0;
      this.pc = null;
      this.sessionUrl = null;
      this.hls = null;
      this.socket = null;
      this.retryTimer = null;
      this.destroyed = false;
      this.state = container.mediabroker = { status: 'starting', tech: null, error: null, info: null };
      if (getComputedStyle(container).position === 'static') container.style.position = 'relative';
      container.style.background = container.style.background || '#000';
      this.video = document.createElement('video');
      Object.assign(this.video, { muted: true, autoplay: true, playsInline: true, controls: true });
      this.video.setAttribute('playsinline', '');
      this.video.style.cssText = 'width:100%;height:100%;object-fit:contain;display:block';
      this.message = document.createElement('div');
      this.message.style.cssText = 'position:absolute;left:0;right:0;top:45%;text-align:center;color:#ccc;font:16px sans-serif;pointer-events:none';
      container.append(this.video, this.message);
      this.infoUrl = withQuery(new URL('json_' + encodePath(path) + '.js', base).toString());
      this.watch();
    }

    setStatus(status, text, tech) {
      this.state.status = status;
      this.state.tech = tech === undefined ? this.state.tech : tech;
      this.container.dataset.status = status;
      this.message.textContent = text;
    }

    // The info socket: one message now, then one whenever the stream goes online/offline or its tracks change.
    watch() {
      const url = new URL(this.infoUrl);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      let socket;
      try { socket = new WebSocket(url.toString()); } catch (e) { this.pollInfo(); return; }
      this.socket = socket;
      socket.onmessage = (ev) => { try { this.onInfo(JSON.parse(ev.data)); } catch (e) { /* not JSON */ } };
      socket.onclose = async () => {
        if (this.socket !== socket) return;
        this.socket = null;
        // Refused or the server went away: fetch once to show why, then watch again unless credentials are missing,
        // which waiting does not fix.
        const refused = !(await this.pollInfo());
        if (!refused && !this.destroyed) setTimeout(() => { if (this.socket === null && !this.destroyed) this.watch(); }, retryDelay);
      };
    }

    // Fetches the info once; false when the broker refused it (credentials), true otherwise.
    async pollInfo() {
      try {
        const res = await fetch(this.infoUrl);
        if (res.status === 401 || res.status === 403) { this.stop(); this.setStatus('error', 'authentication required', null); return false; }
        this.onInfo(await res.json());
      } catch (e) {
        this.setStatus('error', 'the server cannot be reached');
      }
      return true;
    }

    onInfo(info) {
      this.state.info = info;
      if (info.error) {
        this.stop();
        this.setStatus('offline', 'offline', null);
        return;
      }
      if (this.state.status === 'playing' || this.state.status === 'connecting') {
        const tracks = JSON.stringify(info.meta && info.meta.tracks);
        if (tracks === this.tracks) return;
      }
      this.tracks = JSON.stringify(info.meta && info.meta.tracks);
      this.start(info);
    }

    async start(info) {
      this.stop();
      const gen = ++this.generation;
      const sources = info.source || [];
      const whep = sources.find((s) => s.type === 'whep');
      const hls = sources.find((s) => s.type === hlsType);
      this.setStatus('connecting', 'connecting...', null);
      if (whep && window.RTCPeerConnection && this.options.prefer !== 'hls') {
        try {
          await this.playWhep(withQuery(whep.url), gen);
          return;
        } catch (e) {
          if (gen !== this.generation) return;
          this.state.error = 'WebRTC: ' + (e.message || e);
          this.closeWhep();
        }
      }
      if (hls) {
        try {
          await this.playHls(withQuery(hls.url), gen);
          return;
        } catch (e) {
          if (gen !== this.generation) return;
          this.state.error = 'HLS: ' + (e.message || e);
        }
      }
      if (gen === this.generation) this.retry(this.state.error || 'no source this browser can play');
    }

    // WHEP: recvonly audio + video; resolves when media plays, rejects on failure or after webrtcTimeout.
    async playWhep(url, gen) {
      const options = await fetch(url, { method: 'OPTIONS' });
      const pc = this.pc = new RTCPeerConnection({ iceServers: linkToIceServers(options.headers.get('Link')) });
      pc.addTransceiver('video', { direction: 'recvonly' });
      pc.addTransceiver('audio', { direction: 'recvonly' });
      const stream = new MediaStream();
      pc.ontrack = (ev) => {
        stream.addTrack(ev.track);
        if (this.video.srcObject !== stream) this.video.srcObject = stream;
      };
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: offer.sdp });
      if (res.status !== 201) throw new Error('WHEP answered ' + res.status);
      this.sessionUrl = new URL(res.headers.get('Location'), url).toString();
      await pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no media within ' + webrtcTimeout / 1000 + ' s')), webrtcTimeout);
        const done = (f, v) => { clearTimeout(timer); f(v); };
        pc.onconnectionstatechange = () => {
          const s = pc.connectionState;
          if (s === 'failed' || s === 'closed') done(reject, new Error('connection ' + s));
        };
        this.video.addEventListener('playing', () => done(resolve), { once: true });
        this.video.play().catch(() => {});
      });
      if (gen !== this.generation) return;
      this.setStatus('playing', '', 'webrtc');
      pc.onconnectionstatechange = () => {
        const s = pc.connectionState;
        if (this.pc === pc && (s === 'failed' || s === 'closed' || s === 'disconnected')) this.retry('WebRTC connection ' + s);
      };
    }

    async playHls(url, gen) {
      const video = this.video;
      if (!(window.MediaSource || window.ManagedMediaSource) && video.canPlayType('application/vnd.apple.mpegurl')) {
        // Safari plays HLS (and LL-HLS) itself.
        video.src = url;
        video.addEventListener('error', () => { if (gen === this.generation) this.retry('HLS playback failed'); }, { once: true });
        this.setStatus('playing', '', 'hls');
        return;
      }
      const Hls = await loadHls();
      if (gen !== this.generation) return;
      if (!Hls.isSupported()) throw new Error('this browser cannot play HLS');
      const hls = this.hls = new Hls({ lowLatencyMode: true, liveSyncDurationCount: 2, maxLiveSyncPlaybackRate: 1.5 });
      await new Promise((resolve, reject) => {
        hls.on(Hls.Events.MANIFEST_PARSED, () => { video.play().catch(() => {}); resolve(); });
        hls.on(Hls.Events.ERROR, (_, data) => {
          if (!data.fatal) return;
          if (data.type === Hls.ErrorTypes.MEDIA_ERROR) { hls.recoverMediaError(); return; }
          if (this.hls === hls && this.state.status === 'playing') this.retry('HLS: ' + data.details);
          reject(new Error(data.details));
        });
        hls.loadSource(url);
        hls.attachMedia(video);
      });
      if (gen !== this.generation) return;
      this.setStatus('playing', '', 'hls');
    }

    // Playback broke while the stream may still be live: start again from a fresh look at the info.
    retry(why) {
      this.stop();
      this.state.error = why;
      this.setStatus('reconnecting', 'reconnecting...', null);
      if (this.retryTimer === null) {
        this.retryTimer = setTimeout(() => { this.retryTimer = null; this.pollInfo(); }, retryDelay);
      }
    }

    closeWhep() {
      if (this.pc !== null) { this.pc.onconnectionstatechange = null; this.pc.close(); this.pc = null; }
      if (this.sessionUrl !== null) {
        fetch(this.sessionUrl, { method: 'DELETE', keepalive: true }).catch(() => {});
        this.sessionUrl = null;
      }
    }

    stop() {
      this.generation++;
      this.closeWhep();
      if (this.hls !== null) { this.hls.destroy(); this.hls = null; }
      this.video.srcObject = null;
      if (this.video.hasAttribute('src')) { this.video.removeAttribute('src'); this.video.load(); }
    }

    destroy() {
      this.destroyed = true;
      const socket = this.socket;
      this.socket = null;
      if (socket !== null) socket.close();
      if (this.retryTimer !== null) { clearTimeout(this.retryTimer); this.retryTimer = null; }
      this.stop();
    }
  }

  window.MediaBrokerPlayer = window.MediaBrokerPlayer || {
    embed: (container, path, options) => new Player(container, path, options),
  };

  const path = script.dataset.path;
  if (path) {
    const container = document.createElement('div');
    container.style.width = script.dataset.width || '100%';
    container.style.height = script.dataset.height || '100%';
    if (!script.dataset.height) container.style.aspectRatio = '16 / 9';
    script.parentNode.insertBefore(container, script);
    const player = new Player(container, path, { prefer: script.dataset.prefer });
    window.addEventListener('pagehide', () => player.destroy());
  }
})();
