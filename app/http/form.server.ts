import type { Params, RouterContextProvider } from "react-router";
import { z } from "zod";
import { recordId } from "~/domain/input/record-id";
import { dictionaries, type MessageKey } from "~/i18n/dictionary";
import { clientKeyContext } from "./request-context.server";

/** Larger than any honest form here (2,000 characters of Kazakh, URL-encoded, is about 24 KB). */
export const MAX_FORM_BYTES = 64 * 1024;
/** No form here has more than a dozen fields; a body of 150,000 tiny parts would stall the parser. */
export const MAX_FORM_PARTS = 64;

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
        // Not cancelled: that would reset the connection before the sender reads the 413. Node
        // discards the rest once the answer is sent (bounded by the server's request timeout).
        reader.releaseLock();
        throw new Response(null, { status: 413 });
      }
      chunks.push(value);
    }
  }
  const body = Buffer.concat(chunks);
  if (multipart) {
    // File uploads (a CSV of classes, evidence); parsed only once the whole body is known to be
    // small and to have few parts: counting boundaries is native and fast, the parser is not.
    const boundary = /boundary="?([^";]+)"?/i.exec(rawType)?.[1];
    if (!boundary) throw new Response(null, { status: 400 });
    if (countOf(body, Buffer.from(`--${boundary}`)) > MAX_FORM_PARTS + 1) throw new Response(null, { status: 413 });
    let form: FormData;
    try {
      form = await new Response(body, { headers: { "content-type": rawType } }).formData();
    } catch {
      throw new Response(null, { status: 400 });
    }
    // Only files may be large; a text field is held to the size of a whole ordinary form.
    for (const [, v] of form) if (typeof v === "string" && v.length > MAX_FORM_BYTES) throw new Response(null, { status: 413 });
    return form;
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    throw new Response(null, { status: 400 });
  }
  const form = new FormData();
  let parts = 0;
  for (const [k, v] of new URLSearchParams(text)) {
    // Repeated fields (categories, report ids) are honest; thousands of them are not.
    if (++parts > MAX_FORM_PARTS * 16) throw new Response(null, { status: 413 });
    form.append(k, v);
  }
  return form;
}

function countOf(haystack: Buffer, needle: Buffer): number {
  let n = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) n++;
  return n;
}

export function clientKeyOf(context: Readonly<RouterContextProvider>): string {
  return context.get(clientKeyContext);
}

export function formString(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
}

export type FormParse<T> =
  | { ok: true; data: T }
  /** `error`: the first problem; `errors`: the first of each field, for a form that marks every field at once. */
  | { ok: false; error: MessageKey; errors: Partial<Record<string, MessageKey>> };

/**
 * The one way a form is read: every field the schema names, as its one string (every value, for
 * an array field; "" when absent), checked by the schema. A problem is worded by the first issue's
 * message when the schema named a message key, and by the domain's `fallback` when it did not.
 */
export function parseForm<S extends z.ZodObject | z.ZodPipe<z.ZodObject, z.ZodType>>(
  form: FormData,
  schema: S,
  fallback: MessageKey,
): FormParse<z.output<S>> {
  // A schema that reshapes what it read (a transform) names its fields in what it starts from.
  const fields = schema instanceof z.ZodPipe ? (schema.in as z.ZodObject) : (schema as z.ZodObject);
  const values: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields.shape)) {
    values[name] = isArrayField(field as z.ZodType) ? form.getAll(name).filter((v) => typeof v === "string") : formString(form, name);
  }
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data as z.output<S> };
  const found: Partial<Record<string, MessageKey>> = {};
  for (const issue of parsed.error.issues) {
    found[String(issue.path[0] ?? "")] ??= issue.message in dictionaries.en ? (issue.message as MessageKey) : fallback;
  }
  // In the form's order, whichever check found them first: an error summary lists them as the page does.
  const errors: Partial<Record<string, MessageKey>> = {};
  for (const name of [...Object.keys(fields.shape), ...Object.keys(found)]) if (found[name]) errors[name] ??= found[name];
  return { ok: false, error: Object.values(errors)[0] ?? fallback, errors };
}

function isArrayField(field: z.ZodType): boolean {
  let f: z.ZodType = field;
  // .optional(), .default() and .catch() wrap the array; a pipe starts from what is posted.
  for (;;) {
    if (f instanceof z.ZodArray) return true;
    if (f instanceof z.ZodOptional || f instanceof z.ZodDefault || f instanceof z.ZodCatch || f instanceof z.ZodNullable)
      f = f.unwrap() as z.ZodType;
    else if (f instanceof z.ZodPipe) f = f.in as z.ZodType;
    else return false;
  }
}

/** The id a route's URL names, or 404: a malformed id and another school's record answer alike. */
export function idParam(params: Params, name: string): number {
  const id = recordId.safeParse(params[name]);
  if (!id.success) throw notFound();
  return id.data;
}

/** The same for an id posted in a form (the row a button acts on). */
export function idField(form: FormData, name: string): number {
  const id = recordId.safeParse(formString(form, name));
  if (!id.success) throw notFound();
  return id.data;
}

export const notFound = () => new Response(null, { status: 404 });
