/**
 * How the browser tests and the page walk start Debian's Chromium: headless, no network beyond
 * the test server, so a page that fetches from the internet fails. No vitest here: the page walk
 * (test/pages/walk.ts) is a script of its own.
 */
export const chromiumPath = process.env.HERBLOOP_CHROMIUM ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Nothing but the test server is reachable: a page that fetches from the internet fails here.
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];
