// Opens shishi's playground in headless chromium with every host but the
// server unreachable, runs a query, opens the docs, and fails on any
// request that leaves the server's origin or any error in the page.
// Usage: node playground.mjs BASE_URL SCREENSHOT_DIR
import { launchOffline, watchOffsite } from "./offline.mjs";

const [base, shots] = process.argv.slice(2);
const browser = await launchOffline(base);
const failures = [];
const offsite = [];
let current = "start";
const step = (name) => {
  current = name;
};
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  await watchOffsite(page, [new URL(base).origin], offsite);
  page.on("pageerror", (e) => failures.push(`page error: ${e}`));
  page.on("console", (m) => {
    if (m.type() === "error") failures.push(`console error: ${m.text()}`);
  });
  page.on("requestfailed", (r) => failures.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));

  const editor = (which) => `.graphiql-${which} .CodeMirror`;
  step("open the pages");
  for (const path of ["/playground", "/graphql"]) {
    await page.goto(base + path, { waitUntil: "networkidle0" });
    await page.waitForSelector(editor("query-editor"), { timeout: 20000 });
  }

  // Type a query, run it, read the result pane.
  step("run a query");
  await page.click(editor("query-editor"));
  await page.evaluate((sel) => document.querySelector(sel).CodeMirror.setValue(""), editor("query-editor"));
  await page.keyboard.type("{ summary(year: 2025) { projectCount completedCount } reports { period asOf } }");
  // As a person would pause: GraphiQL saves the tab's query on a debounce.
  await new Promise((r) => setTimeout(r, 800));
  await page.click(".graphiql-execute-button");
  await page.waitForFunction(
    (sel) => document.querySelector(sel)?.CodeMirror.getValue().includes("projectCount"),
    { timeout: 20000 },
    editor("response"),
  );
  const answer = JSON.parse(
    await page.evaluate((sel) => document.querySelector(sel).CodeMirror.getValue(), editor("response")),
  );
  if (answer.data?.summary?.projectCount !== 20) failures.push(`result pane: ${JSON.stringify(answer)}`);
  if (answer.data?.reports?.[0]?.period !== "二季度") failures.push(`result pane: ${JSON.stringify(answer)}`);
  await page.screenshot({ path: `${shots}/playground-result.png` });

  // The docs explorer lists Query and its fields (introspection works).
  step("open the docs");
  await page.click('button[aria-label="Show Documentation Explorer"]');
  await page.waitForFunction(
    () => document.querySelector(".graphiql-doc-explorer")?.innerText.includes("Query"),
    { timeout: 20000 },
  );
  await page.click(".graphiql-doc-explorer a.graphiql-doc-explorer-type-name");
  await page.waitForFunction(
    () => document.querySelector(".graphiql-doc-explorer")?.innerText.includes("projects"),
    { timeout: 20000 },
  );
  const docs = await page.evaluate(() => document.querySelector(".graphiql-doc-explorer").innerText);
  await page.screenshot({ path: `${shots}/playground-docs.png` });

  // History keeps the query that ran.
  step("open the history");
  await page.click('button[aria-label="Show History"]');
  await page.waitForSelector(".graphiql-history-item", { timeout: 20000 });
  const history = await page.evaluate(() => document.querySelector(".graphiql-history").innerText);
  if (!history.includes("summary")) failures.push(`history: ${history}`);
  await page.screenshot({ path: `${shots}/playground-history.png` });
  // On a phone (390 px) the page still opens with its editor and run
  // button in view.
  step("open on a phone");
  await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
  await page.goto(base + "/playground", { waitUntil: "networkidle0" });
  await page.waitForSelector(editor("query-editor"), { timeout: 20000 });
  const run = await page.$eval(".graphiql-execute-button", (b) => {
    const r = b.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
  });
  if (run.right > 390 || run.left < 0 || run.bottom > 844) failures.push(`run button off screen on a phone: ${JSON.stringify(run)}`);
  await page.click(".graphiql-execute-button");
  await page.waitForFunction(
    (sel) => document.querySelector(sel)?.CodeMirror.getValue().includes("\"data\""),
    { timeout: 20000 },
    editor("response"),
  );
  const pane = await page.$eval(".graphiql-response", (p) => {
    const r = p.getBoundingClientRect();
    return { left: r.left, right: r.right, width: r.width, height: r.height };
  });
  if (pane.width < 250 || pane.right > 390 || pane.height < 150) failures.push(`result pane not readable on a phone: ${JSON.stringify(pane)}`);
  await page.screenshot({ path: `${shots}/playground-phone.png` });
  console.log(JSON.stringify({ answer, docs: docs.slice(0, 200) }));
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
