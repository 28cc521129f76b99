import type { RouterContextProvider } from "react-router";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { FORM_TOKEN_FIELD } from "~/domain/reports/form-token.server";
import {
  RECEIPT_CASES,
  RECEIPT_PLACEHOLDER,
  RECEIPT_PREVIEW_HEADER,
  receiptPreviewValue,
  type ReceiptCase,
} from "~/domain/reports/receipt-page";
import { formatReceiptCode } from "~/domain/reports/receipt-code.server";
import { receiveReport } from "~/domain/reports/receive-report.server";
import { reportFormValues } from "~/domain/reports/report-input";
import { findSchoolByCode } from "~/domain/schools/schools.server";
import { resolveLanguage } from "~/i18n/language";
import { MAX_FORM_BYTES } from "./form.server";
import { clientKeyContext, receptionContext } from "./request-context.server";

type Router = (request: Request, context: RouterContextProvider) => Promise<Response>;
type Template = { html: string; headers: Headers };

const TEMPLATE_MS = 60_000;
const MAX_TEMPLATES = 2_000;

/**
 * Report intake without React Router's document pipeline for the common case. A report that is
 * stored is answered with the school's receipt page, rendered by React Router (once per school,
 * language, urgency and school hours, kept a minute) with a placeholder for the code. Every other outcome
 * (errors, spam, limits, unknown school) is rendered by the route as usual, given the
 * body already read and the outcome, so nothing is validated or counted twice. Measured in
 * scripts/bench: the router's per-request plumbing was most of the cost of intake.
 */
export function fastReportIntake(render: Router, contextOf: (req: ExpressRequest) => RouterContextProvider) {
  const templates = new Map<string, { at: number; page: Promise<Template | undefined> }>();

  function receiptTemplate(url: URL, lang: string, schoolCode: string, receipt: ReceiptCase, context: RouterContextProvider) {
    const key = `${schoolCode}|${lang}|${receiptPreviewValue(receipt)}`;
    const cached = templates.get(key);
    if (cached && Date.now() - cached.at < TEMPLATE_MS) return cached.page;
    if (templates.size >= MAX_TEMPLATES) {
      for (const [k, t] of templates) if (Date.now() - t.at >= TEMPLATE_MS) templates.delete(k);
    }
    // The promise is cached, so simultaneous first reports of a school render it once.
    const page = renderTemplate(new URL(`${url.pathname}?lang=${lang}`, url), receipt, context);
    templates.set(key, { at: Date.now(), page });
    page.then(
      (t) => t ?? templates.delete(key),
      () => templates.delete(key),
    );
    return page;
  }

  async function renderTemplate(url: URL, receipt: ReceiptCase, context: RouterContextProvider): Promise<Template | undefined> {
    const response = await render(new Request(url, { headers: { [RECEIPT_PREVIEW_HEADER]: receiptPreviewValue(receipt) } }), context);
    const html = await response.text();
    return response.status === 200 && html.includes(RECEIPT_PLACEHOLDER) ? { html, headers: response.headers } : undefined;
  }

  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const length = Number(req.headers["content-length"] ?? NaN);
    const match = /^\/r\/([^/?]+)$/.exec(req.path);
    // Only a plain form post of known size is taken here; Remix answers everything else.
    if (req.method !== "POST" || !match || !(length <= MAX_FORM_BYTES) || !req.is("application/x-www-form-urlencoded")) return next();
    try {
      const body = await readBody(req, length);
      const url = new URL(req.originalUrl, `http://${req.headers.host ?? "localhost"}`);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const context = contextOf(req);
      const target = await findSchoolByCode(decodeSegment(match[1]!));
      const text = target && decodeUtf8(body);
      if (target && text !== undefined) {
        const form = new FormData();
        for (const [k, v] of new URLSearchParams(text)) form.append(k, v);
        const lang = resolveLanguage(new Request(url, { headers }));
        // Rendered before storing, so a report is never stored without a page to answer with.
        const pages = await Promise.all(RECEIPT_CASES.map((c) => receiptTemplate(url, lang, target.school.code, c, context)));
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
            // The placeholder also sits in the page's serialized loader data: fill in every one.
            return send(res, 200, page.headers, page.html.replaceAll(RECEIPT_PLACEHOLDER, formatReceiptCode(outcome.receipt.receiptCode)));
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
