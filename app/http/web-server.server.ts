import path from "node:path";
import { createRequestHandler as createExpressHandler } from "@react-router/express";
import compression from "compression";
import express from "express";
import { createRequestHandler, type ServerBuild } from "react-router";
import * as serverBuild from "virtual:react-router/server-build";
import { PAGE_TEMPLATE_HEADER } from "~/domain/reports/report-page-templates";
import { hashClientKey } from "~/domain/rate-limit/rate-limit.server";
import { fastReportIntake } from "./fast-intake.server";
import { lastResortErrors } from "./last-resort-errors.server";
import { originVerdict } from "./origin";
import { requestContext } from "./request-context.server";

// This module is the server build's entry (vite.config.ts), so the web server, the routes and
// the domain they share are one compiled module graph: one copy of every module and cache.
const build = serverBuild as unknown as ServerBuild;

/** The router's own fetch handler: what the integration tests drive, with a context per request. */
export const handleRequest = createRequestHandler(build, "production");
export { requestContext };

const ALLOWED_METHODS = ["GET", "HEAD", "POST"];

/** The web server of one process: every page, file and form; `buildDir` holds the client's files. */
export function createWebServer(buildDir: string): express.Express {
  const app = express();
  app.disable("x-powered-by");
  if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);
  // Only the methods pages and forms use. TRACE and the like used to reach the router, whose Request
  // refuses them with a 500 and a stack trace.
  app.use((req, res, next) => {
    if (ALLOWED_METHODS.includes(req.method)) return next();
    res
      .status(405)
      .setHeader("Allow", ALLOWED_METHODS.join(", "))
      .type("text/plain; charset=utf-8")
      .send("Бұл әдіс қолданылмайды. / Этот метод не поддерживается. / This method is not supported.");
  });
  // An answer sent before the body was read (413, a redirect to sign in) leaves the rest of the
  // body unread; discarded, so the sender can finish and read the answer instead of a reset.
  app.use((req, res, next) => {
    res.on("finish", () => {
      if (req.complete || req.destroyed) return;
      req.removeAllListeners("data");
      req.resume();
    });
    next();
  });
  app.use(compression());
  // Every answer, pages, files and errors alike: the browser keeps to HTTPS once it has seen it
  // there (ignored over plain HTTP, so localhost and tests are unaffected).
  app.use((_req, res, next) => {
    res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  });
  // Pages and files set nosniff themselves (entry.server.tsx, resource routes); static files here.
  const nosniff = (res: express.Response) => res.setHeader("X-Content-Type-Options", "nosniff");
  app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y", setHeaders: nosniff }));
  app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h", index: false, setHeaders: nosniff }));
  app.use((req, res, next) => {
    const verdict = originVerdict(req.method, req.headers.origin, req.headers["x-forwarded-host"]?.toString() ?? req.headers.host);
    if (verdict === "strip") delete req.headers.origin;
    // Only the server itself asks for a page with a placeholder (fast-intake.server.ts).
    delete req.headers[PAGE_TEMPLATE_HEADER];
    if (verdict !== "reject") return next();
    // Not a page anyone reaches by using Senim, so one plain trilingual line is enough.
    res
      .status(403)
      .type("text/plain; charset=utf-8")
      .send("Бұл сұраныс басқа сайттан келді. / Запрос пришёл с другого сайта. / This request came from another site.");
  });
  // The address is used only as a salted hash, in memory, for rate limits.
  const contextOf = (req: express.Request) => requestContext(hashClientKey(req.ip ?? "unknown"));
  app.use(fastReportIntake(handleRequest, contextOf));
  app.all("*", createExpressHandler({ build, mode: "production", getLoadContext: contextOf }));
  app.use(lastResortErrors);
  return app;
}
