declare module "@remix-run/node" {
  interface AppLoadContext {
    /** A salted hash of the client's address, for in-memory rate limits only; never stored or logged. */
    clientKey?: string;
  }
}
export {};
