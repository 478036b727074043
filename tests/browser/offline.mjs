// What the browser tests share: Debian's chromium, headless, on a network
// where nothing but the server resolves or routes (an asset fetched from a
// CDN fails here as it would on an intranet), and a watch on every request
// and WebSocket that leaves the server's origins.
import puppeteer from "puppeteer-core";

/** Chromium with every host but `base`'s unreachable. */
export function launchOffline(base, extraArgs = []) {
  return puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-dev-shm-usage",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      `--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE ${new URL(base).hostname}`,
      "--proxy-server=http://127.0.0.1:9",
      ...extraArgs,
    ],
  });
}

/**
 * Collects into `offsite` every request and WebSocket of `page` that is
 * not on one of `origins` (data: and blob: URLs are the page's own).
 */
export async function watchOffsite(page, origins, offsite) {
  const ours = (u) => origins.some((o) => u.startsWith(o) || u.startsWith(o.replace(/^http/, "ws")));
  page.on("request", (r) => {
    const u = r.url();
    if (!ours(u) && !u.startsWith("data:") && !u.startsWith("blob:")) offsite.push(u);
  });
  const cdp = await page.createCDPSession();
  await cdp.send("Network.enable");
  cdp.on("Network.webSocketCreated", (e) => {
    if (!ours(e.url)) offsite.push(e.url);
  });
}
