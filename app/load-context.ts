declare module "@remix-run/node" {
  interface AppLoadContext {
    /** A salted hash of the client's address, for in-memory rate limits only; never stored or logged. */
    clientKey?: string;
    /** Set by the intake fast path when it already received this report but did not store it. */
    reception?: import("./domain/reports/receive-report.server").Reception;
  }
}
export {};
