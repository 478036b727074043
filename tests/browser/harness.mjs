// What the page tests share besides the offline browser: named steps, checks
// that collect failures instead of stopping, the API asked directly (the
// answers the pages are checked against), and the end of a run.
import { launchOffline, watchOffsite } from "./offline.mjs";

/** Steps and checks: failures are collected, each named by its step. */
export function checks() {
  const failures = [];
  let current = "start";
  return {
    failures,
    current: () => current,
    step(name) {
      current = name;
      console.error(`- ${name}`);
    },
    check(ok, what) {
      if (!ok) failures.push(`${current}: ${what}`);
    },
    same(got, want, what) {
      this.check(JSON.stringify(got) === JSON.stringify(want), `${what}: shown ${JSON.stringify(got)}, the API says ${JSON.stringify(want)}`);
    },
  };
}

/** The API's answer, asked directly. */
export async function api(base, query, variables = {}, token = null) {
  const headers = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const r = await fetch(`${base}/graphql`, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  const body = await r.json();
  if (body.errors) throw new Error(`API: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/**
 * Chromium offline but for `base`, and a page that fails the run on any
 * console error, page error, failed request or request off the server.
 */
export async function offlinePage(base, c) {
  const browser = await launchOffline(base, ["--lang=zh-CN"]);
  const offsite = [];
  const page = await browser.newPage();
  await watchOffsite(page, [new URL(base).origin], offsite);
  page.on("pageerror", (e) => c.failures.push(`${c.current()}: page error: ${e}`));
  page.on("console", (m) => {
    if (m.type() === "error") c.failures.push(`${c.current()}: console error: ${m.text()}`);
  });
  page.on("requestfailed", (r) => {
    if (r.failure()?.errorText !== "net::ERR_ABORTED") c.failures.push(`${c.current()}: request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  return { browser, page, offsite };
}

/** Ends the run: exits 1 with the failures, else prints `result`. */
export function finish(c, offsite, result) {
  if (offsite.length) c.failures.push(`requests off the server: ${offsite.join(", ")}`);
  if (c.failures.length) {
    console.error(c.failures.join("\n"));
    process.exit(1);
  }
  console.log(JSON.stringify(result));
}

export const PHONE = { width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };
export const DESKTOP = { width: 1366, height: 900, deviceScaleFactor: 1 };
