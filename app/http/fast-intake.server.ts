import { randomBytes } from "node:crypto";
import type { RouterContextProvider } from "react-router";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { FORM_TOKEN_FIELD, issueFormToken } from "~/domain/reports/form-token.server";
import {
  FORM_TEMPLATE,
  FORM_TOKEN_PLACEHOLDER,
  PAGE_TEMPLATE_HEADER,
  RECEIPT_CASES,
  RECEIPT_PLACEHOLDER,
  receiptPreviewValue,
  type ReceiptCase,
} from "~/domain/reports/report-page-templates";
import { formatReceiptCode } from "~/domain/reports/receipt-code.server";
import { receiveReport, reportFormPurpose } from "~/domain/reports/receive-report.server";
import { reportFormValues } from "~/domain/reports/report-input";
import { findSchoolByCode } from "~/domain/schools/schools.server";
import { placeOfSchool } from "~/domain/posters/posters.server";
import { posterPlaceId } from "~/domain/posters/poster-place";
import { resolveLanguage } from "~/i18n/language";
import { MAX_FORM_BYTES } from "./form.server";
import { clientKeyContext, receptionContext } from "./request-context.server";

type Router = (request: Request, context: RouterContextProvider) => Promise<Response>;
/** A page rendered with a placeholder, and the CSP nonce it was rendered with (replaced per answer). */
type Template = { html: string; headers: Headers; nonce: string | undefined };

const TEMPLATE_MS = 60_000;
/** About 20 MB at most (a page is ~9 KB); past it, pages are rendered, not kept, so no visitor can grow the cache. */
const MAX_TEMPLATES = 2_000;
/** Templates are rendered for this origin, not the visitor's Host header: a page with an absolute link must not carry another's host to every child. */
const TEMPLATE_ORIGIN = "http://localhost";
/** The only query a poster's address has: anything else is the router's to answer. */
const FORM_QUERY = new Set(["lang", "p"]);

/**
 * The report form and its receipt without React Router's document pipeline, for the common
 * case: a child opening the poster's address, then sending the form. Both pages are the same
 * for every child of a school but for one value (the form's single-use token, the receipt code),
 * so React Router renders each once per school, language and place or urgency (kept a minute)
 * with a placeholder, and each answer fills in its own value and a fresh CSP nonce. Every other
 * outcome (errors, spam, limits, unknown school) is rendered by the route as usual, given the
 * body already read and the outcome, so nothing is validated or counted twice. Measured in
 * scripts/bench: the router's per-request plumbing and React's render were most of the cost of intake.
 */
export function fastReportIntake(render: Router, contextOf: (req: ExpressRequest) => RouterContextProvider) {
  const templates = new Map<string, { at: number; page: Promise<Template | undefined> }>();

  function template(key: string, url: URL, kind: string, placeholder: string, context: RouterContextProvider) {
    const cached = templates.get(key);
    if (cached && Date.now() - cached.at < TEMPLATE_MS) return cached.page;
    if (templates.size >= MAX_TEMPLATES) {
      for (const [k, t] of templates) if (Date.now() - t.at >= TEMPLATE_MS) templates.delete(k);
    }
    const page = renderTemplate(url, kind, placeholder, context);
    // The promise is cached, so simultaneous first visitors of a school render it once.
    if (templates.size < MAX_TEMPLATES) {
      templates.set(key, { at: Date.now(), page });
      page.then(
        (t) => t ?? templates.delete(key),
        () => templates.delete(key),
      );
    }
    return page;
  }

  async function renderTemplate(
    url: URL,
    kind: string,
    placeholder: string,
    context: RouterContextProvider,
  ): Promise<Template | undefined> {
    const response = await render(new Request(url, { headers: { [PAGE_TEMPLATE_HEADER]: kind } }), context);
    const html = await response.text();
    const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
    return response.status === 200 && html.includes(placeholder) ? { html, headers: response.headers, nonce } : undefined;
  }

  const receiptTemplate = (lang: string, schoolCode: string, receipt: ReceiptCase, context: RouterContextProvider) =>
    template(
      `receipt|${schoolCode}|${lang}|${receiptPreviewValue(receipt)}`,
      new URL(`/r/${schoolCode}?lang=${lang}`, TEMPLATE_ORIGIN),
      receiptPreviewValue(receipt),
      RECEIPT_PLACEHOLDER,
      context,
    );

  async function formPage(req: ExpressRequest, res: ExpressResponse, next: NextFunction, schoolSegment: string) {
    const url = requestUrl(req);
    if ([...url.searchParams.keys()].some((k) => !FORM_QUERY.has(k))) return next();
    const target = await findSchoolByCode(decodeSegment(schoolSegment));
    if (!target) return next();
    const lang = resolveLanguage(new Request(url, { headers: headersOf(req) }));
    // Looked up each time, as the route does: a place just made is on its poster's form at once.
    // One the route would ignore renders the same form as none.
    const place = (await placeOfSchool(target, posterPlaceId(url.searchParams.get("p"))))?.id ?? "";
    const { code } = target.school;
    const canonical = new URL(`/r/${code}?lang=${lang}${place ? `&p=${place}` : ""}`, TEMPLATE_ORIGIN);
    const page = await template(`form|${code}|${lang}|${place}`, canonical, FORM_TEMPLATE, FORM_TOKEN_PLACEHOLDER, contextOf(req));
    if (!page) return next();
    return sendTemplate(res, page, FORM_TOKEN_PLACEHOLDER, issueFormToken(reportFormPurpose(code)));
  }

  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const match = /^\/r\/([^/?]+)$/.exec(req.path);
    if (!match) return next();
    try {
      if (req.method === "GET") return await formPage(req, res, next, match[1]!);
      const length = Number(req.headers["content-length"] ?? NaN);
      // Only a plain form post of known size is taken here; the router answers everything else.
      if (req.method !== "POST" || !(length <= MAX_FORM_BYTES) || !req.is("application/x-www-form-urlencoded")) return next();
      const body = await readBody(req, length);
      const url = requestUrl(req);
      const headers = headersOf(req);
      const context = contextOf(req);
      const target = await findSchoolByCode(decodeSegment(match[1]!));
      const text = target && decodeUtf8(body);
      if (target && text !== undefined) {
        const form = new FormData();
        for (const [k, v] of new URLSearchParams(text)) form.append(k, v);
        const lang = resolveLanguage(new Request(url, { headers }));
        // Rendered before storing, so a report is never stored without a page to answer with.
        const pages = await Promise.all(RECEIPT_CASES.map((c) => receiptTemplate(lang, target.school.code, c, context)));
        if (pages.every(Boolean)) {
          const field = (name: string) => {
            const v = form.get(name);
            return typeof v === "string" ? v : undefined;
          };
          const proofs = { honeypot: field("website") ?? "", formToken: field(FORM_TOKEN_FIELD) };
          const outcome = await receiveReport(target, reportFormValues(form), proofs, context.get(clientKeyContext), lang);
          if (outcome.kind === "stored") {
            const { urgent, schoolOpen } = outcome.receipt;
            const page = pages[RECEIPT_CASES.findIndex((c) => c.urgent === urgent && c.schoolOpen === schoolOpen)]!;
            return sendTemplate(res, page, RECEIPT_PLACEHOLDER, formatReceiptCode(outcome.receipt.receiptCode));
          }
          context.set(receptionContext, outcome);
        }
      }
      const response = await render(new Request(url, { method: "POST", headers, body: new Uint8Array(body) }), context);
      return send(res, response.status, response.headers, Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      return next(error);
    }
  };
}

/** The placeholder also sits in the page's serialized loader data: every one is filled in. */
function sendTemplate(res: ExpressResponse, page: Template, placeholder: string, value: string) {
  let html = page.html.replaceAll(placeholder, value);
  const headers = new Headers(page.headers);
  if (page.nonce) {
    const nonce = randomBytes(16).toString("base64");
    html = html.replaceAll(`nonce="${page.nonce}"`, `nonce="${nonce}"`);
    headers.set("content-security-policy", headers.get("content-security-policy")!.replace(`'nonce-${page.nonce}'`, `'nonce-${nonce}'`));
  }
  return send(res, 200, headers, html);
}

function requestUrl(req: ExpressRequest): URL {
  return new URL(req.originalUrl, `http://${req.headers.host ?? "localhost"}`);
}

function headersOf(req: ExpressRequest): Headers {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  return headers;
}

/** A path segment as the router would read it; malformed escapes stay as typed (the route answers 404). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function readBody(req: ExpressRequest, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > length) req.destroy(new Error("body longer than declared"));
      else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function decodeUtf8(body: Buffer): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    return undefined;
  }
}

function send(res: ExpressResponse, status: number, headers: Headers, body: string | Buffer) {
  res.status(status);
  for (const [k, v] of headers) if (k !== "set-cookie" && k !== "content-length" && k !== "content-encoding") res.setHeader(k, v);
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  res.end(body);
}
