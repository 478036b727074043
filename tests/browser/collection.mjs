// 报送情况 in the console: a period with one unit's return in, the rest
// missing. The page's lists, counts and deadline are checked against the
// API's `collection`, a missing unit's form downloads, and the overview
// shows 已报 n/m; at desktop and phone widths, every host but the server
// unreachable. Screenshots go to SCREENSHOT_DIR.
// Usage: node collection.mjs BASE_URL SCREENSHOT_DIR
import { api as ask, checks, DESKTOP, finish, offlinePage, PHONE } from "./harness.mjs";

const [base, shots] = process.argv.slice(2);
const t = checks();
const { step, check } = t;
const same = (got, want, what) => t.same(got, want, what);
const api = (query, variables = {}) => ask(base, query, variables);
const { browser, page, offsite } = await offlinePage(base, t);
try {
  const open = async (path, ready) => {
    await page.goto(base + path, { waitUntil: "networkidle0" });
    await page.waitForSelector(ready, { timeout: 20000 });
  };
  const texts = (sel) => page.$$eval(sel, (es) => es.map((e) => e.innerText.trim()));
  const fits = async (what) => {
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(wide <= 1, `${what} is ${wide}px wider than the screen`);
  };
  const { collection: c } = await api(`{ collection(year: 2025) { period returnedCount deadline
      units { unit { name } returned projectCount run { source } } } }`);
  check(c.returnedCount >= 1 && c.returnedCount < c.units.length, `one unit in, the rest missing: ${JSON.stringify(c)}`);
  for (const [label, viewport] of [["desktop", DESKTOP], ["phone", PHONE]]) {
    step(`${label}: 报送情况`);
    await page.setViewport(viewport);
    await open("/collection", "table.returns");
    same(await texts("table.returns.missing tbody td:first-child"), c.units.filter((u) => !u.returned).map((u) => u.unit.name), "未报");
    same(await texts("table.returns.returned tbody td:first-child"), c.units.filter((u) => u.returned).map((u) => u.unit.name), "已报");
    same(await texts("table.returns.returned tbody td.source"), c.units.filter((u) => u.returned).map((u) => u.run.source), "the run each came by");
    const head = await page.$eval(".page-title", (e) => e.innerText);
    check(head.includes(`已报 ${c.returnedCount}/${c.units.length}`), `the count: ${head}`);
    const deadline = await page.$eval(".card.deadline", (e) => e.innerText);
    check(deadline.includes("2025-10-08"), `the deadline: ${deadline}`);
    check(deadline.includes("已逾期"), `past the deadline, said: ${deadline}`);
    const href = await page.$eval("table.returns.missing a.download", (a) => a.getAttribute("href"));
    const status = await page.evaluate(async (h) => (await fetch(h)).status, href);
    same(status, 200, "a missing unit's form downloads");
    check(new URL(href, base).searchParams.get("unit") === c.units.find((u) => !u.returned).unit.name, `the form is the unit's: ${href}`);
    await fits(`${label} 报送情况`);
    await page.screenshot({ path: `${shots}/console-collection-${label}.png`, fullPage: true });

    step(`${label}: the overview says 已报 n/m`);
    await open("/", "[data-figure=returns]");
    const fig = await page.$eval("[data-figure=returns]", (e) => e.innerText);
    check(fig.includes(`${c.returnedCount}/${c.units.length}`) && fig.includes(c.period), `the overview's figure: ${fig}`);
  }
} finally {
  await browser.close();
}
finish(t, offsite, { checked: "collection" });
