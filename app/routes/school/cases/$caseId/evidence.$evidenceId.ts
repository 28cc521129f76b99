import type { LoaderFunctionArgs } from "react-router";
import { openEvidenceFile } from "~/domain/cases/evidence.server";
import { requireCase } from "~/http/case-request.server";
import { idParam, notFound } from "~/http/form.server";
import { requireActor } from "~/http/staff-session.server";

/**
 * `attachment` with an ASCII fallback and the real name per RFC 5987/6266: quotes, slashes and
 * line breaks can never reach the header, and the browser saves rather than shows the file.
 */
function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, "_") || "evidence";
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

// Another school's case, another case's file and a missing file all answer alike: 404.
export async function loader({ params, context }: LoaderFunctionArgs) {
  const actor = requireActor(context);
  const access = requireCase(context);
  const file = await openEvidenceFile(actor, access, idParam(params, "evidenceId"));
  if (!file) throw notFound();
  return new Response(file.bytes, {
    headers: {
      "Content-Type": file.mediaType,
      "Content-Length": String(file.bytes.byteLength),
      "Content-Disposition": contentDisposition(file.fileName),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "no-store",
      // Should a browser open it anyway (a PDF viewer), it runs nothing and reaches nothing.
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
