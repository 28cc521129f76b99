/** The text as React escapes it in server-rendered HTML, so tests can look for user input in a page. */
export const html = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");

/** A page as a person reads it: without its scripts, whose hydration data carries every message of the page's language. */
export const withoutScripts = (page: string) => page.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "");
