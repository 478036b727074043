// The console: a page shell (header, navigation, year, language) and a
// router over the History API, so every view, filter and page number is in
// the URL and can be shared. Pages get their data through api.ts only.
import { ApiError, request, setToken, token } from "./api";
import { append, h, notice } from "./dom";
import { apiErrorText, lang, setLang, tr } from "./i18n";
import { BOOT } from "./queries";
import { collection } from "./pages/collection";
import { overview } from "./pages/overview";
import { project } from "./pages/project";
import { projects } from "./pages/projects";
import { units } from "./pages/units";
import { uploadPage } from "./pages/upload";

export interface Ctx {
  /** The years held, newest first. */
  years: number[];
  /** The year shown: ?year=, else the newest held; null when none is. */
  year: number | null;
  /** The issuers holding the year shown ("" for tables naming none). */
  issuers: string[];
  /** The issuer shown: ?issuer= when it holds the year, else the year's
   * first; null when the year has one issuer (nothing to choose). */
  issuer: string | null;
  params: URLSearchParams;
  /** The route's parameter (a project id). */
  id: string;
  main: HTMLElement;
  /** A console URL with the year kept. */
  href(path: string, params?: Record<string, string | number | null | undefined>): string;
  go(url: string, replace?: boolean): void;
  /** Called when the page is left. */
  onLeave(f: () => void): void;
}

type Page = (ctx: Ctx) => Promise<void>;

const routes: [RegExp, Page][] = [
  [/^\/$/, overview],
  [/^\/projects$/, projects],
  [/^\/projects\/([^/]+)$/, project],
  [/^\/units$/, units],
  [/^\/collection$/, collection],
  [/^\/upload$/, uploadPage],
];

const NAV: [string, string, string][] = [
  ["/", "总览", "Overview"],
  ["/projects", "项目", "Projects"],
  ["/units", "单位（红黄榜）", "Units"],
  ["/collection", "报送情况", "Returns"],
  ["/upload", "上传", "Upload"],
];

let years: number[] = [];
/** Per year, the issuers holding it, by name. */
let issuersOf = new Map<number, string[]>();
let generation = 0;
let leave: (() => void)[] = [];

async function loadYears(): Promise<void> {
  const data = await request(BOOT, {});
  years = [...new Set(data.reports.map((r) => r.year))].sort((a, b) => b - a);
  issuersOf = new Map();
  for (const r of data.reports) {
    const held = issuersOf.get(r.year) ?? [];
    const name = r.issuer ?? "";
    if (!held.includes(name)) held.push(name);
    issuersOf.set(r.year, held.sort());
  }
}

function go(url: string, replace = false): void {
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  void render();
}

/** A select in the header that sets `param` in the URL (and forgets the
 * page and `drop`) when changed; options are [value, label, selected]. */
function picker(label: string, param: string, options: [string, string, boolean][], drop: string[] = []): HTMLElement {
  return h(
    "select",
    {
      "aria-label": label,
      onchange: (e: Event) => {
        const params = new URLSearchParams(location.search);
        params.set(param, (e.target as HTMLSelectElement).value);
        for (const p of ["page", ...drop]) params.delete(p);
        go(`${location.pathname}?${params}`);
      },
    },
    options.map(([value, text, selected]) => h("option", { value, selected }, text)),
  );
}

function header(ctx: Ctx, path: string): HTMLElement {
  const yearSelect = picker(
    tr("年度", "Year"),
    "year",
    ctx.years.map((y) => [String(y), tr(`${y}年`, String(y)), y === ctx.year]),
  );
  // Several issuers hold the year: choose whose tables the pages show.
  const issuerSelect =
    ctx.issuer === null
      ? null
      : picker(
          tr("发文单位", "Issuer"),
          "issuer",
          ctx.issuers.map((i) => [i, i || tr("（未注明）", "(unnamed)"), i === ctx.issuer]),
          ["unit"],
        );
  const section = path === "/" ? "/" : `/${path.split("/")[1]}`;
  return h(
    "header",
    { class: "top" },
    h(
      "div",
      { class: "brand" },
      h("a", { href: ctx.href("/"), "data-nav": true }, h("strong", null, tr("民生实事项目调度", "Livelihood projects")), h("span", null, " · shishi")),
    ),
    h(
      "nav",
      { "aria-label": tr("主导航", "Main") },
      NAV.map(([p, zh, en]) =>
        h("a", { href: ctx.href(p), "data-nav": true, "aria-current": section === p ? "page" : null }, tr(zh, en)),
      ),
    ),
    h(
      "div",
      { class: "tools" },
      ctx.years.length ? yearSelect : null,
      issuerSelect,
      h(
        "button",
        {
          type: "button",
          class: "lang",
          "data-lang-toggle": true,
          title: tr("Switch to English", "切换到中文"),
          onclick: () => {
            setLang(lang() === "zh" ? "en" : "zh");
            void render();
          },
        },
        lang() === "zh" ? "EN" : "中文",
      ),
      token()
        ? h(
            "button",
            {
              type: "button",
              class: "lang",
              title: tr("清除本次会话保存的 API 令牌", "Forget the API token kept for this session"),
              onclick: () => {
                setToken(null);
                void render();
              },
            },
            tr("退出令牌", "Forget token"),
          )
        : null,
      h("a", { href: "/playground", class: "playground" }, tr("GraphQL 调试台", "GraphQL playground")),
    ),
  );
}

/** Asks for the API token in place of a page that needs it. */
export function tokenForm(reason: string, done: () => void): HTMLElement {
  const input = h("input", { type: "password", name: "token", autocomplete: "off", required: true, "aria-label": tr("API 令牌", "API token") });
  return h(
    "form",
    {
      class: "card token",
      onsubmit: (e: Event) => {
        e.preventDefault();
        setToken(input.value.trim());
        done();
      },
    },
    h("h2", null, tr("请输入 API 令牌", "Enter the API token")),
    h("p", null, reason),
    h(
      "p",
      { class: "hint" },
      tr(
        "令牌由管理员提供（服务器启动时设置或打印）。它只保存在本浏览器的本次会话中，关闭浏览器即清除。",
        "The administrator has the token (set or printed when the server starts). It is kept for this browser session only.",
      ),
    ),
    h("div", { class: "row" }, input, h("button", { type: "submit", class: "primary" }, tr("确定", "OK"))),
  );
}

/** What a failed page shows: the token form when the API asks for one. */
export function failure(e: unknown): HTMLElement {
  if (e instanceof ApiError && (e.code === "UNAUTHENTICATED" || e.code === "FORBIDDEN")) {
    return tokenForm(apiErrorText(e.code, e.message), () => void render());
  }
  const text = e instanceof ApiError ? apiErrorText(e.code, e.message) : tr("页面出错了，请刷新重试。", "Something went wrong; reload the page.");
  return notice("error", text);
}

async function render(): Promise<void> {
  const mine = ++generation;
  for (const f of leave) f();
  leave = [];
  document.documentElement.lang = lang() === "zh" ? "zh-CN" : "en";
  const app = document.getElementById("app");
  if (!app) return;
  const path = location.pathname.replace(/\/+$/, "") || "/";
  const params = new URLSearchParams(location.search);
  const main = h("main", { id: "main" });
  const asked = Number(params.get("year"));
  const year = years.includes(asked) ? asked : (years[0] ?? null);
  const issuers = year === null ? [] : (issuersOf.get(year) ?? []);
  const askedIssuer = params.get("issuer");
  const issuer = issuers.length < 2 ? null : askedIssuer !== null && issuers.includes(askedIssuer) ? askedIssuer : issuers[0];
  const ctx: Ctx = {
    years,
    year,
    issuers,
    issuer,
    params,
    id: "",
    main,
    href(p, extra = {}) {
      const q = new URLSearchParams();
      if (params.get("year") && p !== "/upload") q.set("year", params.get("year") as string);
      if (issuer !== null && p !== "/upload") q.set("issuer", issuer);
      for (const [k, v] of Object.entries(extra)) if (v !== null && v !== undefined && v !== "") q.set(k, String(v));
      const s = q.toString();
      return s ? `${p}?${s}` : p;
    },
    go,
    onLeave(f) {
      leave.push(f);
    },
  };
  app.replaceChildren(header(ctx, path), main);
  const route = routes.find(([re]) => re.test(path));
  if (!route) {
    append(main, [h("h1", null, tr("找不到页面", "Page not found")), h("p", null, h("a", { href: "/", "data-nav": true }, tr("返回总览", "Back to the overview")))]);
    return;
  }
  ctx.id = decodeURIComponent(path.match(route[0])?.[1] ?? "");
  main.appendChild(notice("loading"));
  try {
    await route[1](ctx);
  } catch (e) {
    if (mine !== generation) return;
    console.warn("page failed", e);
    main.replaceChildren(failure(e));
  }
}

async function start(): Promise<void> {
  // Links inside the console are followed without a reload.
  document.addEventListener("click", (e) => {
    const a = (e.target as Element | null)?.closest?.("a[data-nav]") as HTMLAnchorElement | null;
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || a.target) return;
    e.preventDefault();
    go(a.getAttribute("href") ?? "/");
  });
  window.addEventListener("popstate", () => void render());
  try {
    await loadYears();
  } catch (e) {
    const app = document.getElementById("app");
    const retry = async () => {
      try {
        await loadYears();
        await render();
      } catch (again) {
        app?.replaceChildren(h("main", { id: "main" }, failure(again)));
      }
    };
    if (e instanceof ApiError && (e.code === "UNAUTHENTICATED" || e.code === "FORBIDDEN")) {
      app?.replaceChildren(h("main", { id: "main" }, tokenForm(apiErrorText(e.code, e.message), () => void retry())));
      return;
    }
    app?.replaceChildren(h("main", { id: "main" }, failure(e)));
    return;
  }
  await render();
}

void start();
