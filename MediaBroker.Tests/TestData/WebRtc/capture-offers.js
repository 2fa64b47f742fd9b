const { chromium } = require('playwright-core');
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync','--use-fake-device-for-media-stream','--use-fake-ui-for-media-stream','--allow-loopback-in-peer-connection','--disable-features=WebRtcHideLocalIpsWithMdns'] });
  const page = await browser.newPage();
  const r = await page.evaluate(async () => {
    const pc1 = new RTCPeerConnection();
    pc1.addTransceiver('video', { direction: 'recvonly' });
    pc1.addTransceiver('audio', { direction: 'recvonly' });
    const o1 = await pc1.createOffer(); await pc1.setLocalDescription(o1);
    await new Promise(r => { if (pc1.iceGatheringState === 'complete') r(); pc1.onicegatheringstatechange = () => pc1.iceGatheringState === 'complete' && r(); setTimeout(r, 2000); });
    const c = document.createElement('canvas'); c.width = 320; c.height = 240; c.getContext('2d').fillRect(0,0,10,10);
    const v = c.captureStream(25).getVideoTracks()[0];
    const ac = new AudioContext(); const osc = ac.createOscillator(); const dst = ac.createMediaStreamDestination(); osc.connect(dst); osc.start();
    const a = dst.stream.getAudioTracks()[0];
    const pc2 = new RTCPeerConnection();
    const ms = new MediaStream([v, a]);
    pc2.addTransceiver(v, { direction: 'sendonly', streams: [ms] });
    pc2.addTransceiver(a, { direction: 'sendonly', streams: [ms] });
    const o2 = await pc2.createOffer(); await pc2.setLocalDescription(o2);
    await new Promise(r => { if (pc2.iceGatheringState === 'complete') r(); pc2.onicegatheringstatechange = () => pc2.iceGatheringState === 'complete' && r(); setTimeout(r, 2000); });
    return { whep: pc1.localDescription.sdp, whip: pc2.localDescription.sdp, ua: navigator.userAgent };
  });
  require('fs').writeFileSync('chromium-whep-offer.sdp', r.whep);
  require('fs').writeFileSync('chromium-whip-offer.sdp', r.whip);
  console.log(r.ua);
  await browser.close();
})().catch(e => { console.error(e); process.exit(1); });
