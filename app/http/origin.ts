/**
 * What to do with an unsafe request's Origin header before Remix sees it. Remix answers a
 * mismatched Origin with an empty 500; we want a 403 for a cross-site post, and to treat
 * "null" (sent by privacy settings and sandboxed frames) as no Origin at all, as Remix does
 * for browsers that send none. Staff sessions are still guarded by their SameSite=Lax cookie.
 */
export function originVerdict(method: string, origin: string | undefined, host: string | undefined): "pass" | "strip" | "reject" {
  if (["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase()) || origin === undefined) return "pass";
  if (origin === "null") return "strip";
  try {
    return host !== undefined && new URL(origin).host === host ? "pass" : "reject";
  } catch {
    return "reject";
  }
}
