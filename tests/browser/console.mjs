// Drives shishi's web console in headless chromium with every host but the
// server unreachable: each page at phone and desktop widths, the figures
// shown checked against the API's own answers, the filters in the URL, the
// language toggle, printing, and an upload through the form (dry run,
// confirm, the run arriving in the live list by the subscription). Fails
// on any console error, page error, failed request or request off the
// server's origin. Screenshots go to SCREENSHOT_DIR.
// LOCKED_URL is a second server, whose reads need the token.
// OTHER_FILE is another district's table: the issuer picker and the city view.
// Usage: node console.mjs BASE_URL SCREENSHOT_DIR TOKEN TABLE_FILE BAD_FILE LOCKED_URL OTHER_FILE
import { launchOffline, watchOffsite } from "./offline.mjs";

const [base, shots, token, tableFile, badFile, locked, otherFile] = process.argv.slice(2);
const origins = [new URL(base).origin, new URL(locked).origin];
const failures = [];
const offsite = [];
let current = "start";
const step = (name) => {
  current = name;
  console.error(`- ${name}`);
};
const check = (ok, what) => {
  if (!ok) failures.push(`${current}: ${what}`);
};
const same = (got, want, what) => check(JSON.stringify(got) === JSON.stringify(want), `${what}: shown ${JSON.stringify(got)}, the API says ${JSON.stringify(want)}`);

/** The API's answer, asked directly. */
async function api(query, variables = {}, at = base) {
  const r = await fetch(`${at}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await r.json();
  if (body.errors) throw new Error(`API: ${JSON.stringify(body.errors)}`);
  return body.data;
}
// The console's own formatting of rates.
const pct = (v) => (v === null || v === undefined ? "—" : `${Math.round(v * 10) / 10}%`);

const browser = await launchOffline(base, ["--lang=zh-CN"]);
const LOCKED = "a server whose reads need the token";
let refusedBeforeToken = 0;
const PHONE = { width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };
const DESKTOP = { width: 1366, height: 900, deviceScaleFactor: 1 };

try {
  const page = await browser.newPage();
  await watchOffsite(page, origins, offsite);
  page.on("pageerror", (e) => failures.push(`${current}: page error: ${e}`));
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    // Chromium logs the API's 401 before the token is given: expected there only.
    if (current === LOCKED && m.text().includes("status of 401")) refusedBeforeToken++;
    else failures.push(`${current}: console error: ${m.text()}`);
  });
  page.on("requestfailed", (r) => {
    // A WebSocket closed by leaving the page is not a failure.
    if (r.failure()?.errorText !== "net::ERR_ABORTED") failures.push(`${current}: request failed: ${r.url()} ${r.failure()?.errorText}`);
  });

  const open = async (path, ready) => {
    await page.goto(base + path, { waitUntil: "networkidle0" });
    await page.waitForSelector(ready, { timeout: 20000 });
  };
  const text = (sel) => page.$eval(sel, (e) => e.innerText.trim());
  const texts = (sel) => page.$$eval(sel, (es) => es.map((e) => e.innerText.trim()));
  const shot = async (name) => {
    await page.screenshot({ path: `${shots}/console-${name}.png`, fullPage: true });
  };
  // Nothing of the page may stick out sideways (a phone scrolls down only).
  const fits = async (what) => {
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(wide <= 1, `${what} is ${wide}px wider than the screen`);
  };
  // No code or enum value of the API leaks into the Chinese view.
  const noCodes = async (what) => {
    const body = await page.evaluate(() => document.getElementById("main").innerText);
    const leaked = body.match(/\b(GREEN|YELLOW|RED|NOT_STARTED|IN_PROGRESS|COMPLETED|SUCCEEDED|UNCHANGED|FAILED|DRY_RUN|RUNNING|UPLOAD|SCHEDULE|MANUAL|CLI|EXAMPLE|null|undefined|NaN)\b/g);
    check(!leaked, `${what} shows ${leaked}`);
  };

  /** The overview against the API; `after` the upload, with stalled and red projects. */
  const overview = async (device, after) => {
    step(`${device}: the overview${after ? " after the upload" : ""}`);
    await open("/", "[data-figure=projectCount]");
    const o = await api(
      `query($y: Int!) { summary(year: $y) { asOf expectedRate projectCount completedCount averageRate byLight { light count } report { period } }
        trend(year: $y) { asOf }
        red: projects(year: $y, light: RED, first: 50, orderBy: {field: RATE, direction: ASC}) { totalCount nodes { id } }
        stalled: projects(year: $y, stalled: true, first: 50, orderBy: {field: LIGHT, direction: DESC}) { totalCount nodes { id } } }`,
      { y: year },
    );
    const s = o.summary;
    const fig = (k) => text(`[data-figure=${k}] .value`);
    same(await fig("projectCount"), String(s.projectCount), "projects");
    same(await fig("completedCount"), String(s.completedCount), "completed");
    same(await fig("averageRate"), pct(s.averageRate), "average rate");
    same(await fig("expectedRate"), pct(s.expectedRate), "expected rate");
    same(await fig("period"), s.report.period, "period");
    for (const l of s.byLight) same(await fig(l.light), String(l.count), `${l.light} count`);
    same(await page.$$eval("#red tbody tr", (rs) => rs.map((r) => r.dataset.id)), o.red.nodes.map((n) => n.id), "red projects");
    same(await page.$$eval("#stalled tbody tr", (rs) => rs.map((r) => r.dataset.id)), o.stalled.nodes.map((n) => n.id), "stalled projects");
    if (after) {
      same(o.stalled.totalCount, 3, "three projects stalled in the revised table");
      check(o.red.totalCount > 0, "red projects in the revised table");
    }
    same((await texts("table.trend tbody tr")).length, o.trend.length, "trend rows");
    same(await page.$$eval("svg.chart path.line", (p) => p.length), 2, "trend lines");
    check((await page.$$("a.download")).length === 6, "six download links (the report, the form, the history twice, the bulletin, the notices)");
    await noCodes("the overview");
    await fits("the overview");
    await shot(`overview-${device}`);
  };

  const { reports } = await api("{ reports { year asOf } }");
  const year = Math.max(...reports.map((r) => r.year));
  check(reports.length === 4, `four reports loaded, got ${reports.length}`);

  for (const [device, viewport] of [["desktop", DESKTOP], ["phone", PHONE]]) {
    await page.setViewport(viewport);

    await overview(device, false);

    step(`${device}: projects filtered in the URL`);
    const path = "/projects?light=YELLOW&sort=RATE&dir=desc";
    await open(path, "table.projects, .notice-empty");
    const yellow = await api(
      `query($y: Int!) { projects(year: $y, light: YELLOW, orderBy: {field: RATE, direction: DESC}, first: 20) { totalCount nodes { id } } }`,
      { y: year },
    );
    same(await page.$$eval("table.projects tbody tr", (rs) => rs.map((r) => r.dataset.id)), yellow.projects.nodes.map((n) => n.id), "yellow projects by rate");
    same(await page.$eval("select[name=light]", (e) => e.value), "YELLOW", "the light filter shows the URL's choice");
    await noCodes("the projects page");
    await fits("the projects page");
    await shot(`projects-${device}`);
  }

  await page.setViewport(DESKTOP);
  step("projects: numbered pages and search");
  await open("/projects?size=10&page=2", "table.projects");
  const second = await api(`query($y: Int!) { projects(year: $y, first: 10, offset: 10) { totalCount nodes { id } } }`, { y: year });
  same(await page.$$eval("table.projects tbody tr", (rs) => rs.map((r) => r.dataset.id)), second.projects.nodes.map((n) => n.id), "page 2 of 10");
  check((await text(".pager .where")).includes(`共 ${second.projects.totalCount} 个项目`), "the pager says the total");
  // Choosing a filter puts it in the URL; back goes back.
  step("projects: search");
  await page.type("input[name=q]", "养老");
  await page.click("form.filters button[type=submit]");
  await page.waitForFunction(() => location.search.includes("q=") && document.querySelector("input[name=q]")?.value === "养老" && !document.querySelector(".notice-loading"), { timeout: 10000 });
  const found = await api(`query($y: Int!) { projects(year: $y, search: "养老", first: 10) { nodes { id } } }`, { y: year });
  check(found.projects.nodes.length > 0, "the search finds projects");
  same(await page.$$eval("table.projects tbody tr", (rs) => rs.map((r) => r.dataset.id)), found.projects.nodes.map((n) => n.id), "search 养老");
  check(new URL(page.url()).searchParams.get("page") === null, "a new search starts on page 1");
  const shared = page.url();
  step("projects: back, and the shared URL");
  await page.goBack();
  await page.waitForFunction(() => !location.search.includes("q="), { timeout: 10000 });
  check(!page.url().includes("q="), "back leaves the search");
  await open(new URL(shared).pathname + new URL(shared).search, "table.projects");
  same(await page.$eval("input[name=q]", (e) => e.value), "养老", "a shared URL opens the same view");

  for (const [device, viewport] of [["desktop", DESKTOP], ["phone", PHONE]]) {
    await page.setViewport(viewport);
    step(`${device}: a project`);
    const worst = await api(`query($y: Int!) { projects(year: $y, first: 1, orderBy: {field: LIGHT, direction: DESC}) { nodes { id name history { completionRate detail } } } }`, { y: year });
    const p = worst.projects.nodes[0];
    await open(`/projects/${p.id}`, "ol.timeline li");
    same(await text("h1"), await page.evaluate(() => document.querySelector("h1").innerText.trim()), "title");
    check((await text("h1")).includes(p.name), `the project's name: ${await text("h1")}`);
    same((await texts("ol.timeline li")).length, p.history.length, "one entry per report");
    same(await texts("ol.timeline li .rate"), p.history.map((e) => pct(e.completionRate)).reverse(), "rates, newest first");
    await noCodes("the project page");
    await fits("the project page");
    await shot(`project-${device}`);

    step(`${device}: units ranked`);
    await open("/units", "table.units.all tbody tr");
    const u = await api(
      `query($y: Int!) { unitRanking(year: $y, top: 5) { units { rank unit { name } averageRate projectCount } best { unit { name } } worst { unit { name } } } }`,
      { y: year },
    );
    const rows = await page.$$eval("table.units.all tbody tr", (rs) => rs.map((r) => [...r.cells].map((c) => c.innerText.trim())));
    same(rows.map((r) => [r[0], r[1], r[2], r[4]]), u.unitRanking.units.map((x) => [String(x.rank), x.unit.name, String(x.projectCount), pct(x.averageRate)]), "the ranking");
    same(await texts(".board.best tbody tr td:nth-child(2)"), u.unitRanking.best.map((x) => x.unit.name), "红榜");
    same(await texts(".board.worst tbody tr td:nth-child(2)"), u.unitRanking.worst.map((x) => x.unit.name), "黄榜");
    same(await page.$$eval("svg.chart.bars rect.bar", (r) => r.length), u.unitRanking.units.length, "a bar per unit");
    // A 督办单 for each unit with projects lit red or yellow, and it downloads.
    const behind = await api(
      `query($y: Int!) { unitRanking(year: $y) { units { unit { name } byLight { light count } } } }`,
      { y: year },
    );
    const lagging = behind.unitRanking.units
      .filter((x) => x.byLight.some((l) => l.light !== "GREEN" && l.count > 0))
      .map((x) => x.unit.name);
    const notices = await page.$$eval("table.units.all a.notice", (as) => as.map((a) => a.getAttribute("href")));
    same(notices.map((h) => new URL(h, base).searchParams.get("unit")), lagging, "a notice per unit behind pace");
    if (notices.length) {
      const status = await page.evaluate(async (href) => (await fetch(href)).status, notices[0]);
      same(status, 200, "a unit's notice downloads");
    }
    await noCodes("the units page");
    await fits("the units page");
    await shot(`units-${device}`);
  }

  step("upload: the token is asked for once");
  await page.setViewport(DESKTOP);
  await open("/upload", "form.token");
  await page.type("form.token input", token);
  await page.click("form.token button[type=submit]");
  await page.waitForSelector("label.drop", { timeout: 20000 });
  await page.waitForSelector(".live.on", { timeout: 20000 });

  step("upload: a file that is no table");
  const [pickBad] = await Promise.all([page.waitForFileChooser(), page.click("label.drop")]);
  await pickBad.accept([badFile]);
  await page.waitForSelector(".run[data-status=FAILED]", { timeout: 20000 });
  check((await text(".run .error")).includes("不是可读取的表格文件"), `the refusal in plain words: ${await text(".run .error")}`);
  await noCodes("a refused upload");

  step("upload: dry run");
  const input = await page.$("#file");
  await input.uploadFile(tableFile);
  await page.waitForSelector(".run[data-status=DRY_RUN]", { timeout: 20000 });
  const card = await text(".result .run");
  check(card.includes("四季度") && card.includes(String(year)), `the dry run says what it read: ${card}`);
  check(card.includes("原报告保留为修订版本"), `the dry run says it replaces the held Q4: ${card}`);
  const before = await api("{ reports { id } }");
  same(before.reports.length, 4, "a dry run writes no report");
  await noCodes("the dry run");
  await shot("upload-dry-run");

  step("upload: confirm; the run arrives in the live list");
  const listed = await page.$$eval("table.runs tbody tr", (rs) => rs.map((r) => r.dataset.run));
  await page.click("#confirm");
  await page.waitForSelector(".result .run[data-status=SUCCEEDED]", { timeout: 30000 });
  const runs = await api("{ syncRuns(first: 1) { nodes { id status report { asOf } } } }");
  const newest = runs.syncRuns.nodes[0];
  same(newest.status, "SUCCEEDED", "the import ran");
  await page.waitForSelector(`table.runs tbody tr[data-run="${newest.id}"]`, { timeout: 20000 });
  check(!listed.includes(newest.id), "the run was not listed before");
  // A run started elsewhere (the REST upload, a dry run) arrives too.
  const form = new FormData();
  form.append("file", new Blob([await (await import("node:fs/promises")).readFile(tableFile)]), "from-elsewhere.xlsx");
  form.append("dryRun", "true");
  const rest = await (await fetch(`${base}/api/v1/spreadsheets`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form })).json();
  await page.waitForSelector(`table.runs tbody tr[data-run="${rest.id}"]`, { timeout: 20000 });
  // Each run says who sent it and from where.
  const who = await page.$eval(`table.runs tbody tr[data-run="${newest.id}"]`, (r) => r.innerText);
  check(who.includes("api-token") && who.includes("127.0.0.1"), `the run names its token and address: ${who}`);
  await noCodes("the upload page");
  await shot("upload-desktop");
  // A phone viewport reloads the page: wait for it to draw again, and open
  // what a table that names too little is given (period, date, issuer,
  // header row, columns).
  await page.setViewport(PHONE);
  await page.waitForSelector("label.drop", { timeout: 20000 });
  await page.waitForSelector("table.runs tbody tr", { timeout: 20000 });
  await page.click("details.overrides summary");
  for (const name of ["asOf", "period", "issuer", "headerRow", "columns"]) {
    check(await page.$eval(`details.overrides input[name=${name}]`, (e) => e.offsetWidth > 0), `the ${name} field shows`);
  }
  await fits("the upload page");
  await shot("upload-phone");

  // The pages show the new table at once.
  for (const [device, viewport] of [["desktop", DESKTOP], ["phone", PHONE]]) {
    await page.setViewport(viewport);
    await overview(device, true);
  }

  await page.setViewport(DESKTOP);
  step("print the overview on A4");
  await open("/", "[data-figure=projectCount]");
  await page.emulateMediaType("print");
  check(await page.$eval("header.top", (e) => getComputedStyle(e).display === "none"), "the navigation is not printed");
  await page.setViewport({ width: 794, height: 1123 });
  await shot("overview-print");
  const pdf = await page.pdf({ format: "A4", printBackground: true });
  check(pdf.length > 10000, "a PDF of the overview");
  await page.emulateMediaType("screen");

  step("English");
  await page.setViewport(DESKTOP);
  await page.click("[data-lang-toggle]");
  // The page draws again in English once its data is back.
  await page.waitForFunction(() => document.querySelector("[data-figure=projectCount] .label")?.innerText === "Projects", { timeout: 10000 });
  check((await text("header nav")).includes("Overview"), "the navigation in English");
  check((await text("#red h2")).startsWith("Red projects"), "lists in English");
  await shot("overview-english");
  await page.click("[data-lang-toggle]");
  await page.waitForFunction(() => document.querySelector("[data-figure=projectCount] .label")?.innerText === "项目总数", { timeout: 10000 });
  same(await page.evaluate(() => document.documentElement.lang), "zh-CN", "back in Chinese");

  step("a link to a page past the last");
  await open("/projects?size=10&page=9", "table.projects");
  await page.waitForFunction(() => document.querySelector(".pager .where")?.innerText.startsWith("第 2 / 2 页"), { timeout: 10000 });
  same(new URL(page.url()).searchParams.get("page"), "2", "the URL names the last page");

  step("a link to no project");
  await open("/projects/nonsense", "h1");
  same(await text("h1"), "找不到这个项目", "a mistyped project link");

  step("another district: the issuer picker and the city view");
  check(!(await page.$("select[aria-label=发文单位]")), "no issuer picker while one issuer holds the year");
  const otherForm = new FormData();
  otherForm.append("file", new Blob([await (await import("node:fs/promises")).readFile(otherFile)]), "历城区二季度.xlsx");
  const otherRun = await (await fetch(`${base}/api/v1/spreadsheets`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: otherForm })).json();
  same(otherRun.status, "SUCCEEDED", "the other district's table is imported");
  await open("/?year=2025", "#city");
  const city = await api("{ issuerRanking(year: 2025) { issuers { issuer rank averageRate } } }");
  const rows = await texts("#city tbody tr");
  same(rows.length, city.issuerRanking.issuers.length, "one row per issuer");
  for (const [i, it] of city.issuerRanking.issuers.entries()) {
    check(rows[i].includes(it.issuer ?? "（未注明）") && rows[i].includes(pct(it.averageRate)), `row ${i + 1} is ${JSON.stringify(it)}: ${rows[i]}`);
  }
  await noCodes("the city view");
  await shot("overview-city-desktop");
  await page.select("select[aria-label=发文单位]", "历城区");
  await page.waitForFunction(() => document.querySelector("h1")?.innerText.startsWith("历城区"), { timeout: 10000 });
  same(new URL(page.url()).searchParams.get("issuer"), "历城区", "the issuer is in the URL");
  const licheng = await api('{ summary(year: 2025, issuer: "历城区") { projectCount averageRate } }');
  await page.waitForFunction((want) => document.querySelector("[data-figure=averageRate] .value")?.innerText === want, { timeout: 10000 }, pct(licheng.summary.averageRate));
  same(await text("[data-figure=projectCount] .value"), String(licheng.summary.projectCount), "历城区's figures");
  // A phone viewport reloads the page: wait for it to draw again.
  await page.setViewport(PHONE);
  await page.waitForSelector("#city tbody tr", { timeout: 20000 });
  await page.waitForFunction((want) => document.querySelector("[data-figure=averageRate] .value")?.innerText === want, { timeout: 10000 }, pct(licheng.summary.averageRate));
  same((await texts("#city tbody tr")).length, city.issuerRanking.issuers.length, "the city view on a phone");
  await fits("the city view");
  await shot("overview-city-phone");
  await page.setViewport(DESKTOP);
  await open("/units?year=2025&issuer=历城区", "h1");
  check((await text("h1")).includes("红黄榜"), "the unit ranking of 历城区 opens");

  step(LOCKED);
  await page.goto(locked.replace(/\/$/, "") + "/", { waitUntil: "networkidle0" });
  await page.waitForSelector("form.token", { timeout: 20000 });
  check(refusedBeforeToken > 0, "the API refused the console before the token");
  await page.type("form.token input", token);
  await page.click("form.token button[type=submit]");
  await page.waitForSelector("[data-figure=projectCount]", { timeout: 20000 });
  const lockedSummary = await api("{ summary(year: 2025) { projectCount averageRate } }", {}, locked);
  same(await text("[data-figure=projectCount] .value"), String(lockedSummary.summary.projectCount), "figures once the token is given");
  same(await text("[data-figure=averageRate] .value"), pct(lockedSummary.summary.averageRate), "average once the token is given");
  // A download carries the token too.
  const [download] = await Promise.all([
    page.waitForResponse((r) => r.url().includes("/api/v1/exports/reports/"), { timeout: 20000 }),
    page.click("a.download"),
  ]);
  same(download.status(), 200, "the report downloads with the token");

  console.log(JSON.stringify({ year, reports: reports.length, imported: newest.id, elsewhere: rest.id }));
} catch (e) {
  failures.push(`step "${current}" failed: ${e}`);
} finally {
  await browser.close();
}
if (offsite.length) failures.push(`requests off the server's origin: ${offsite.join(", ")}`);
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
