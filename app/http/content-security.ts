import { createContext, useContext } from "react";

/** The nonce of this response's Content-Security-Policy; only scripts carrying it may run. */
export const NonceContext = createContext<string | undefined>(undefined);
export const useNonce = () => useContext(NonceContext);

/**
 * No inline script runs unless it carries the nonce (Remix's own hydration scripts do); no
 * other site may frame a page, be a form's target or serve a script, style or image.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
