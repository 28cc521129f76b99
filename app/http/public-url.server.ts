/** The site's public address: PUBLIC_URL when set (behind a proxy), else the request's own origin. */
export function publicBase(request: Request): string {
  return process.env.PUBLIC_URL ?? new URL(request.url).origin;
}
