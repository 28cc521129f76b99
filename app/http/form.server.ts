import type { AppLoadContext } from "@remix-run/node";

/** Larger than any honest form here (2,000 characters of Kazakh, URL-encoded, is about 24 KB). */
export const MAX_FORM_BYTES = 64 * 1024;

/**
 * Reads a URL-encoded (or multipart) form, refusing bodies over the limit with 413 before they are buffered whole.
 * Anything that is not a readable form is a 400, never a 500.
 */
export async function readForm(request: Request, maxBytes = MAX_FORM_BYTES): Promise<FormData> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw new Response(null, { status: 413 });
  const rawType = request.headers.get("content-type") ?? "";
  const type = rawType.toLowerCase(); // the boundary of a multipart body keeps its case in rawType
  const multipart = type.startsWith("multipart/form-data");
  if (!multipart && !type.startsWith("application/x-www-form-urlencoded")) throw new Response(null, { status: 415 });
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new Response(null, { status: 413 });
      }
      chunks.push(value);
    }
  }
  const body = Buffer.concat(chunks);
  if (multipart) {
    // File uploads (a CSV of classes); parsed only once the whole body is known to be small.
    try {
      return await new Response(body, { headers: { "content-type": rawType } }).formData();
    } catch {
      throw new Response(null, { status: 400 });
    }
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    throw new Response(null, { status: 400 });
  }
  const form = new FormData();
  for (const [k, v] of new URLSearchParams(text)) form.append(k, v);
  return form;
}

export function clientKeyOf(context: AppLoadContext): string {
  return context.clientKey ?? "unknown-client";
}

export function formString(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
}
