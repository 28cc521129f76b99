/**
 * An address on the site as people outside it reach it (emails, one-time links, posters):
 * `PUBLIC_URL` when set, else `origin` (the address a page was opened at), else the local default.
 */
export function siteUrl(path: string, origin = "http://localhost:3000"): URL {
  return new URL(path, process.env.PUBLIC_URL ?? origin);
}
