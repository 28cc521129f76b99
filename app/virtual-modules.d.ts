// The server build React Router's Vite plugin generates (routes, entry, assets), imported by the web server.
declare module "virtual:react-router/server-build" {
  const build: import("react-router").ServerBuild;
  export = build;
}
