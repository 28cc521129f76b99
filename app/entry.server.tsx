import type { EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";

// Pages are small and fully rendered before sending: no streaming is needed, and a
// complete document compresses best for the 30 KB budget of the anonymous pages.
export default function handleRequest(
  request: Request,
  status: number,
  headers: Headers,
  remixContext: EntryContext,
) {
  const html = renderToString(<RemixServer context={remixContext} url={request.url} />);
  headers.set("Content-Type", "text/html; charset=utf-8");
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "no-referrer");
  headers.set("X-Frame-Options", "DENY");
  // Pages hold reports and receipt codes: never keep them in a shared or back-forward cache.
  headers.set("Cache-Control", "no-store");
  return new Response(`<!DOCTYPE html>${html}`, { status, headers });
}
