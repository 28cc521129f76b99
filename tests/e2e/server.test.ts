import http from "node:http";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { reportFormToken, SCHOOL, startServer, type RunningServer } from "./support";

// What only the real server (express + compression + Remix) decides: origins and body sizes.
let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

const report = new URLSearchParams({
  reporterRole: "witness",
  categories: "physical",
  location: "schoolyard",
  frequency: "once",
  since: "days",
}).toString();

function post(path: string, body: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      `${server.baseUrl}${path}`,
      { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("the real server", () => {
  test("takes a report with our own Origin, with none, and with `Origin: null`", async () => {
    for (const origin of [server.baseUrl, undefined, "null"]) {
      const res = await post(
        `/r/${SCHOOL}?lang=en`,
        `${report}&formToken=${await reportFormToken(server.baseUrl)}`,
        origin ? { origin } : {},
      );
      expect(res.status, String(origin)).toBe(200);
      expect(res.body).toMatch(/class="receipt-code"[^>]*>\d{4} \d{4} \d{4} \d{4}</);
    }
  });

  test("refuses a post from another site with 403, not a 500", async () => {
    for (const origin of ["https://evil.example", "not a url"]) {
      const res = await post(`/r/${SCHOOL}`, report, { origin });
      expect(res.status, origin).toBe(403);
      expect(res.body).toContain("Запрос пришёл с другого сайта.");
    }
  });

  test("answers stored reports from the receipt page it keeps per school, with each report's own code", async () => {
    const codes = new Set<string>();
    for (const [lang, urgent] of [
      ["kk", false],
      ["kk", true],
      ["ru", false],
      ["kk", false],
    ] as const) {
      const body = `${urgent ? `${report}&categories=home_abuse` : report}&formToken=${await reportFormToken(server.baseUrl)}`;
      const res = await post(`/r/${SCHOOL}?lang=${lang}`, body, { origin: server.baseUrl });
      expect(res.status).toBe(200);
      expect(res.body).toContain(`<html lang="${lang}"`);
      expect(res.body.includes('class="button danger" href="tel:112"')).toBe(urgent);
      const code = /class="receipt-code"[^>]*>([\d ]+)</.exec(res.body)![1]!;
      expect(res.body).not.toContain("SENIM_RECEIPT_CODE_PLACEHOLDER");
      // No language link that would reload the empty form and lose the code shown once.
      expect(res.body).not.toContain('href="?lang=');
      codes.add(code);
    }
    expect(codes.size).toBe(4);
  });

  test("gives every visitor of the form page its own token and CSP nonce, from the page it keeps per school", async () => {
    const pages = [];
    for (const path of [`/r/${SCHOOL}?lang=ru`, `/r/${SCHOOL}?lang=ru`, `/r/${SCHOOL.toLowerCase()}?lang=kk`]) {
      const res = await fetch(`${server.baseUrl}${path}`);
      const html = await res.text();
      expect(res.status, path).toBe(200);
      expect(html).not.toContain("PLACEHOLDER");
      const nonce = /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")![1]!;
      expect(html).toContain(`nonce="${nonce}"`);
      pages.push({ html, nonce, token: /name="formToken" value="([^"]+)"/.exec(html)![1]! });
    }
    expect(pages[0]!.html).toContain('<html lang="ru"');
    expect(pages[2]!.html).toContain('<html lang="kk"');
    expect(new Set(pages.map((p) => p.token)).size).toBe(3);
    expect(new Set(pages.map((p) => p.nonce)).size).toBe(3);
    // Each token is a real one: the report it carries is received.
    for (const { token } of pages) {
      const res = await post(`/r/${SCHOOL}?lang=ru`, `${report}&formToken=${encodeURIComponent(token)}`, { origin: server.baseUrl });
      expect(res.body).toMatch(/class="receipt-code"[^>]*>\d{4} \d{4} \d{4} \d{4}</);
    }
  });

  test("keeps a poster's place in its form from the moment the place is made, and ignores another school's", async () => {
    const form = async (p: string) =>
      (await (await fetch(`${server.baseUrl}/r/${SCHOOL}?p=${p}`)).text()).match(/name="place" value="(\d+)"/)?.[1];
    const db = new SQLite(path.join(server.dataDir, "akmola.sqlite"));
    const schoolId = (code: string) => (db.prepare("select id from schools where code = ?").get(code) as { id: number }).id;
    const add = (school: number) =>
      Number(
        db
          .prepare("insert into poster_places (school_id, label, created_at) values (?, 'floor 2', ?)")
          .run(school, new Date().toISOString()).lastInsertRowid,
      );
    const next = Number((db.prepare("select coalesce(max(id), 0) + 1 as id from poster_places").get() as { id: number }).id);
    expect(await form(String(next))).toBeUndefined();
    expect(add(schoolId(SCHOOL))).toBe(next);
    expect(await form(String(next))).toBe(String(next));
    const elsewhere = add(schoolId("AK4P9T"));
    expect(await form(String(elsewhere))).toBeUndefined();
    db.close();
  });

  test("does not let a visitor ask for a placeholder page", async () => {
    // With a query only the router answers, and without one.
    for (const path of [`/r/${SCHOOL}`, `/r/${SCHOOL}?x=1`])
      for (const kind of ["urgent-open", "calm-closed", "form"]) {
        const res = await fetch(`${server.baseUrl}${path}`, { headers: { "x-senim-page-template": kind } });
        const html = await res.text();
        expect(html, kind).not.toContain("receipt-code");
        expect(html, kind).not.toContain("PLACEHOLDER");
      }
  });

  test("answers an oversized body with 413 and a translated page", async () => {
    const res = await post(`/r/${SCHOOL}?lang=ru`, `${report}&description=${"я".repeat(40_000)}`, { origin: server.baseUrl });
    expect(res.status).toBe(413);
    expect(res.body).toContain("Слишком длинный текст.");
  });

  test("sends a Content-Security-Policy whose nonce every script of the page carries", async () => {
    const res = await fetch(`${server.baseUrl}/staff/sign-in`);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    const html = await res.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    const again = (await fetch(`${server.baseUrl}/staff/sign-in`)).headers.get("content-security-policy");
    expect(again).not.toBe(csp); // a fresh nonce per response
  });

  test("sends HSTS with every answer, nosniff with pages and files, and no-store with pages", async () => {
    const signIn = await fetch(`${server.baseUrl}/staff/sign-in`);
    const asset = /"(\/assets\/[^"]+\.js)"/.exec(await signIn.text())?.[1];
    expect(asset).toBeTruthy();
    for (const path of ["/staff/sign-in", "/r/AK7K3M", "/no-such-page", asset!, "/healthz"]) {
      const res = await fetch(`${server.baseUrl}${path}`);
      await res.arrayBuffer();
      expect(res.headers.get("strict-transport-security"), path).toBe("max-age=31536000; includeSubDomains");
      if (path !== "/healthz") expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      if (!path.startsWith("/assets/")) expect(res.headers.get("cache-control"), path).toBe("no-store");
    }
    expect(signIn.headers.get("referrer-policy")).toBe("same-origin");
  });
});
