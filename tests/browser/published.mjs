// The console on a table as an office published it (categories, a marked
// serial, sub-items): the project list grouped under its category rows,
// a category's own list, and a project's sub-items, at desktop and phone
// widths, checked against the API's answers. Every host but the server is
// unreachable; fails on any console error, page error, failed request or
// request off the server's origin. Screenshots go to SCREENSHOT_DIR.
// Usage: node published.mjs BASE_URL SCREENSHOT_DIR
import { api as ask, checks, DESKTOP, finish, offlinePage, PHONE } from "./harness.mjs";

const [base, shots] = process.argv.slice(2);
const t = checks();
const { step, check } = t;
const same = (got, want, what) => t.same(got, want, what);
const api = (query, variables = {}) => ask(base, query, variables);
const { browser, page, offsite } = await offlinePage(base, t);
const pct = (v) => (v === null || v === undefined ? "—" : `${Math.round(v * 10) / 10}%`);
try {
  const open = async (path, ready) => {
    await page.goto(base + path, { waitUntil: "networkidle0" });
    await page.waitForSelector(ready, { timeout: 20000 });
  };
  const texts = (sel) => page.$$eval(sel, (es) => es.map((e) => e.innerText.trim()));
  const shot = (name) => page.screenshot({ path: `${shots}/console-${name}.png`, fullPage: true });
  const fits = async (what) => {
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(wide <= 1, `${what} is ${wide}px wider than the screen`);
  };

  const { projects } = await api(`{ projects(year: 2025) { nodes { id serialNo serialMark category name
      latest { completionRate rateSource items { name target done measure completionRate } } } } }`);
  const nodes = projects.nodes;
  const categories = [...new Set(nodes.map((p) => p.category).filter(Boolean))];
  check(categories.length === 2, `the table has two categories: ${categories}`);

  for (const [label, viewport] of [["desktop", DESKTOP], ["phone", PHONE]]) {
    step(`${label}: projects under their categories`);
    await page.setViewport(viewport);
    await open("/projects", "table.projects tbody tr[data-id]");
    same(await texts("table.projects tr.category th"), categories, "the category rows");
    // Each project sits under its own category's row.
    const order = await page.$$eval("table.projects tbody tr", (rows) =>
      rows.map((r) => (r.classList.contains("category") ? `# ${r.innerText.trim()}` : r.querySelector("td.num").innerText.trim())),
    );
    const want = [];
    for (const p of nodes) {
      if (p.category && `# ${p.category}` !== want.filter((w) => w.startsWith("#")).at(-1)) want.push(`# ${p.category}`);
      want.push(`${p.serialNo}${p.serialMark ?? ""}`);
    }
    same(order, want, "categories and serials, marks kept (2*)");
    const averaged = nodes.find((p) => p.latest.rateSource === "ITEMS");
    const rateCell = await page.$eval(`tr[data-id="${averaged.id}"] td.rate`, (e) => e.innerText.trim());
    check(rateCell.includes(pct(averaged.latest.completionRate)) && rateCell.includes("子项平均"), `the items' mean is said: ${rateCell}`);
    await fits(`${label} projects`);
    await shot(`projects-categories-${label}`);

    step(`${label}: a category's projects`);
    await page.click("table.projects tr.category th a");
    await page.waitForFunction(() => location.search.includes("category="), { timeout: 20000 });
    await page.waitForSelector("table.projects tbody tr[data-id]");
    const shown = await page.$$eval("table.projects tbody tr[data-id]", (rows) => rows.length);
    same(shown, nodes.filter((p) => p.category === categories[0]).length, "the first category's projects");

    step(`${label}: a project's sub-items`);
    await open(`/projects/${encodeURIComponent(averaged.id)}`, "table.items tbody tr");
    const rows = await page.$$eval("table.items tbody tr", (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.innerText.trim())));
    same(
      rows.map((r) => [r[1], r[3], r[4], r[5]]),
      averaged.latest.items.map((it) => [it.name, `${it.target}${it.measure}`, `${it.done}${it.measure}`, pct(it.completionRate)]),
      "the sub-items: name, target, done and rate",
    );
    const facts = await page.$eval(".facts", (e) => e.innerText);
    check(facts.includes(averaged.category), `the category is named: ${facts}`);
    check(facts.includes("子项目完成率的平均"), `the rate's source is said: ${facts}`);
    await fits(`${label} project`);
    await shot(`project-sub-items-${label}`);
  }
} finally {
  await browser.close();
}
finish(t, offsite, { checked: "published", categories: 2 });
