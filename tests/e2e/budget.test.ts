import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import { describe, expect, test } from "vitest";
import { dictionaries } from "../../app/i18n/dictionary";
import { PSYCHOLOGIST, SCHOOL, root, signInOnPage, withServerAndBrowser } from "./support";

const BUDGET = 30 * 1024;
/** The psychologist's inbox hydrates: React, React Router and its own code, with one language's messages as data, not code. */
const INBOX_SCRIPT_BUDGET = 110 * 1024;

const env = withServerAndBrowser();

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/** A GET as a phone's browser sends it, with the body exactly as it crossed the wire (no decompression). */
function rawGet(url: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { headers: { "accept-encoding": "gzip, br", "accept-language": "kk, ru;q=0.8", accept: "text/html,text/css,*/*" } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

function stylesheetHrefs(html: string): string[] {
  const hrefs: string[] = [];
  for (const tag of html.match(/<link\b[^>]*>/gi) ?? []) {
    if (!/\brel=["']?stylesheet\b/i.test(tag)) continue;
    const href = /\bhref=["']?([^"'\s>]+)/i.exec(tag)?.[1];
    if (href) hrefs.push(href.replace(/&amp;/g, "&"));
  }
  return hrefs;
}

const pages = ["/", "/report", "/report?region=akmola", `/r/${SCHOOL}?lang=kk`, `/r/${SCHOOL}?lang=ru`, "/status"];

describe("anonymous pages stay light on a cheap phone", () => {
  test.each(pages)("%s: HTML + stylesheets under 30 KB compressed, no script, no cookie", async (p) => {
    const html = await rawGet(env.server.baseUrl + p);
    expect(html.status).toBe(200);
    expect(html.headers["content-type"]).toMatch(/^text\/html/);
    // The budget is about compressed bytes: the server must actually compress.
    expect(html.headers["content-encoding"]).toMatch(/^(gzip|br)$/);
    expect(html.headers["set-cookie"]).toBeUndefined();

    // Decoded only to read it; the budget counts the raw bytes.
    const text = (html.headers["content-encoding"] === "br" ? zlib.brotliDecompressSync(html.body) : zlib.gunzipSync(html.body)).toString(
      "utf8",
    );
    expect(text).toMatch(/^<!DOCTYPE html>/i);
    expect(text).not.toMatch(/<script\b/i);
    expect(text).not.toMatch(/rel=["']?modulepreload/i);

    const sheets = stylesheetHrefs(text);
    expect(sheets.length).toBeGreaterThan(0);
    let total = html.body.byteLength;
    for (const href of sheets) {
      const css = await rawGet(new URL(href, env.server.baseUrl).href);
      expect(css.status, href).toBe(200);
      expect(css.headers["content-type"]).toMatch(/^text\/css/);
      expect(css.headers["set-cookie"]).toBeUndefined();
      total += css.body.byteLength;
    }
    expect(total).toBeGreaterThan(1000); // really measured something
    expect(total, `${p}: ${total} bytes`).toBeLessThan(BUDGET);
  });

  test("the Kazakh report form fits a 360 px screen without horizontal scrolling", async () => {
    const context = await env.browser.newContext({
      baseURL: env.server.baseUrl,
      javaScriptEnabled: false,
      viewport: { width: 360, height: 740 },
    });
    const page = await context.newPage();
    const res = await page.goto(`/r/${SCHOOL}?lang=kk`, { waitUntil: "networkidle" });
    expect(res?.status()).toBe(200);
    expect(await page.locator("html").getAttribute("lang")).toBe("kk");
    await page.locator("form textarea#description").waitFor();

    const dir = path.join(root, "test-results");
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "report-form-360.png");
    fs.rmSync(file, { force: true });
    await page.screenshot({ path: file, fullPage: true });
    const png = fs.readFileSync(file);
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(png.readUInt32BE(16)).toBe(360); // IHDR width
    expect(png.readUInt32BE(20)).toBeGreaterThan(740); // a long form: the full page, not just the viewport

    const widths = await page.evaluate(() => ({
      viewport: window.innerWidth,
      scroll: document.documentElement.scrollWidth,
      body: document.body.scrollWidth,
    }));
    expect(widths.viewport).toBe(360);
    expect(widths.scroll).toBeLessThanOrEqual(360);
    expect(widths.body).toBeLessThanOrEqual(360);
    await context.close();
  });
});

describe("the client build holds no dictionary", () => {
  // Texts long enough not to be a content label by coincidence (a few are: a frequency, a role).
  const texts = Object.fromEntries(
    Object.entries(dictionaries).map(([lang, d]) => [lang, Object.values(d).filter((v) => v.length >= 12 && !v.includes("{"))]),
  );

  test("no script of the build carries more than a handful of any language's messages", () => {
    const dir = path.join(root, "build/client/assets");
    const scripts = fs.readdirSync(dir).filter((f) => f.endsWith(".js"));
    expect(scripts.length).toBeGreaterThan(10);
    for (const file of scripts) {
      const js = fs.readFileSync(path.join(dir, file), "utf8");
      for (const [lang, list] of Object.entries(texts)) {
        const found = list!.filter((t) => js.includes(t)).length;
        expect(found, `${file} holds ${found} ${lang} messages`).toBeLessThan(20);
      }
    }
  });

  test("the psychologist's inbox: scripts within 110 KB compressed, its words in the page's language", async () => {
    const context = await env.browser.newContext({ baseURL: env.server.baseUrl });
    const page = await context.newPage();
    await signInOnPage(page, PSYCHOLOGIST, { lang: "ru" });
    const scripts = new Set<string>();
    page.on("response", (r) => {
      if (r.request().resourceType() === "script") scripts.add(r.url());
    });
    await page.goto("/school/reports", { waitUntil: "networkidle" });
    const lang = (await page.locator("html").getAttribute("lang")) as keyof typeof dictionaries;
    const dict = dictionaries[lang];
    await expect(page.title()).resolves.toBe(`${dict["inbox.title"]} · Senim`);
    expect(scripts.size).toBeGreaterThan(2);

    let total = 0;
    for (const url of scripts) {
      const js = await rawGet(url);
      expect(js.status, url).toBe(200);
      // As it crosses the wire: compressed, except files under compression's 1 KB threshold.
      total += js.body.byteLength;
    }
    expect(total, `${total} bytes of JavaScript`).toBeLessThanOrEqual(INBOX_SCRIPT_BUDGET);

    // Hydrated, the page still speaks from the root loader's messages: a client-side link keeps them.
    await page.getByRole("link", { name: dict["nav.cases"], exact: true }).click();
    await page.waitForURL((u) => u.pathname === "/school/cases");
    // The URL changes before the new page's loaders finish; its title follows their data.
    await expect.poll(() => page.title()).toBe(`${dict["cases.title"]} · Senim`);
    await context.close();
  });
});
