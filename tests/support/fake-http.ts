import http from "node:http";
import type { AddressInfo } from "node:net";

export type RecordedRequest = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string; status?: number };
export type Outage = "up" | "503" | "refuse";

/**
 * A local HTTP server for tests of outside services: records every request, and can be
 * switched down: answering 503, or refusing connections (closed, then listening again on the
 * same port). `answer` gives the response while up.
 */
export async function startFakeHttp(answer: (req: RecordedRequest) => { status: number; json?: unknown }) {
  const requests: RecordedRequest[] = [];
  let state: Outage = "up";
  let port = 0;
  let server: http.Server | undefined;
  const listen = async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const recorded = {
          method: req.method ?? "",
          url: req.url ?? "",
          headers: req.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        };
        const { status, json } = state === "503" ? { status: 503, json: { ok: false, description: "down" } } : answer(recorded);
        requests.push({ ...recorded, status });
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(json ?? {}));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server!.once("error", reject);
      server!.listen(port, "127.0.0.1", () => resolve());
    });
    port = (server.address() as AddressInfo).port;
  };
  const close = () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve();
      server.closeAllConnections();
      server.close(() => resolve());
      server = undefined;
    });
  await listen();
  return {
    requests,
    /** The requests it answered with a 2xx: what the service took. */
    accepted: () => requests.filter((r) => r.status! >= 200 && r.status! < 300),
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    /** "503": answers Service Unavailable; "refuse": nothing listens; "up": back to normal. */
    async set(next: Outage) {
      if (next === "refuse" && state !== "refuse") await close();
      if (next !== "refuse" && state === "refuse") await listen();
      state = next;
    },
    stop: close,
  };
}
