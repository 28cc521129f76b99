import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { closeAllRegions } from "../../db/regions.server";

/**
 * The real Remix request handler over the production build, on a fresh data directory.
 * Call once per test file, before anything opens a region.
 */
export async function startTestApp() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "senim-test-"));
  process.env.DATA_DIR = dataDir;
  const buildPath = path.resolve(process.env.SENIM_BUILD_DIR ?? "build", "server/index.js");
  if (!fs.existsSync(buildPath)) throw new Error("No production build: run `npm run build` first (npm test does).");
  const build = (await import(buildPath)) as ServerBuild;
  const handler = createRequestHandler(build, "production");
  let clientCounter = 0;

  /** A request as a browser would send it; each call is a new client unless `client` is given. */
  async function request(pathname: string, init: RequestInit & { client?: string; form?: Record<string, string | string[]> } = {}) {
    const headers = new Headers(init.headers);
    let body = init.body;
    if (init.form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(init.form)) for (const item of [v].flat()) params.append(k, item);
      body = params.toString();
      headers.set("content-type", "application/x-www-form-urlencoded");
    }
    const req = new Request(new URL(pathname, "http://localhost"), {
      ...init,
      method: init.method ?? (body !== undefined ? "POST" : "GET"),
      headers,
      body,
    });
    return handler(req, { clientKey: init.client ?? `test-client-${++clientCounter}` });
  }

  async function stop() {
    await closeAllRegions();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  return { dataDir, request, stop };
}

/** The session cookie a sign-in response sets, ready for a Cookie header. */
export function sessionCookieFrom(response: Response): string {
  const setCookie = response.headers.get("set-cookie") ?? "";
  const match = /senim_session=[^;]+/.exec(setCookie);
  if (!match) throw new Error(`No session cookie in: ${setCookie}`);
  return match[0];
}

/** The receipt code shown on the page after a report, digits only. */
export function receiptCodeFrom(html: string): string {
  const match = /class="receipt-code"[^>]*>([\d ]+)</.exec(html);
  if (!match) throw new Error("No receipt code on the page");
  return match[1]!.replace(/\s/g, "");
}

export const validReport = {
  reporterRole: "self",
  categories: ["verbal", "exclusion"],
  location: "classroom",
  frequency: "weekly",
  since: "weeks",
  grade: "7",
  description: "They laugh at me every day in class.",
};
