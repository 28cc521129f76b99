import { randomBytes } from "node:crypto";
import { Transform } from "node:stream";
import { createReadableStreamFromReadable } from "@react-router/node";
import { ServerRouter, type EntryContext } from "react-router";
import { renderToPipeableStream } from "react-dom/server";
import { validateContent } from "./content/schemas.server";
import { contentSecurityPolicy, NonceContext } from "./http/content-security";
import { dictionaries } from "./i18n/dictionary";
import { ServerLanguages } from "./i18n/i18n";
import { resolveLanguage } from "./i18n/language";

// Pages read content files as plain data; a file that breaks its schema stops the server here, as it starts.
validateContent();

const ABORT_DELAY_MS = 5_000;
const REACT_VIEW_SIZE = 2048;

/**
 * React 18.3's streaming renderer sends its whole 2 KB buffer when a multi-byte character
 * (all of Kazakh and Russian) does not fit at its end, so up to three zero bytes of unused
 * buffer reach the page (fixed upstream in facebook/react#26228, never backported to 18).
 */
function withoutStrayNulBytes() {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let end = chunk.length;
      if (end === REACT_VIEW_SIZE) while (end > REACT_VIEW_SIZE - 3 && chunk[end - 1] === 0) end--;
      done(null, chunk.subarray(0, end));
    },
  });
}

// The whole document is rendered before the first byte is sent (onAllReady): pages are small,
// a complete document compresses best for the anonymous pages' 30 KB budget, and single
// fetch's hydration data is streamed through Suspense, which only the pipeable renderer supports.
export default function handleRequest(request: Request, status: number, headers: Headers, routerContext: EntryContext) {
  return new Promise<Response>((resolve, reject) => {
    let failed = false;
    let sent = false;
    let abortTimer: NodeJS.Timeout | undefined;
    const nonce = randomBytes(16).toString("base64");
    const lang = resolveLanguage(request);
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <ServerLanguages.Provider value={{ lang, dictionaries }}>
          <ServerRouter context={routerContext} url={request.url} nonce={nonce} />
        </ServerLanguages.Provider>
      </NonceContext.Provider>,
      {
        onAllReady() {
          const body = withoutStrayNulBytes();
          headers.set("Content-Type", "text/html; charset=utf-8");
          headers.set("X-Content-Type-Options", "nosniff");
          // same-origin, not no-referrer: with no-referrer Chromium posts forms with `Origin: null`.
          headers.set("Referrer-Policy", "same-origin");
          headers.set("X-Frame-Options", "DENY");
          // Vite's dev server injects its own inline scripts; production pages run only nonce'd ones.
          if (process.env.NODE_ENV !== "development") headers.set("Content-Security-Policy", contentSecurityPolicy(nonce));
          // Pages hold reports and receipt codes: never keep them in a shared or back-forward cache.
          headers.set("Cache-Control", "no-store");
          resolve(new Response(createReadableStreamFromReadable(body), { status: failed ? 500 : status, headers }));
          pipe(body);
          sent = true;
          clearTimeout(abortTimer);
        },
        onShellError: reject,
        onError(error) {
          failed = true;
          console.error(error);
        },
      },
    );
    // Cleared once the page is sent, so a busy server does not carry thousands of idle timers.
    if (!sent) abortTimer = setTimeout(abort, ABORT_DELAY_MS + 1_000);
  });
}
