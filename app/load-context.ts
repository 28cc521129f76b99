// Middleware is on (react-router.config.ts): loaders get a RouterContextProvider, read through
// the typed contexts in app/http/request-context.server.ts.
declare module "react-router" {
  interface Future {
    v8_middleware: true;
  }
}
export {};
