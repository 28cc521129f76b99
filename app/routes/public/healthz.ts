import { healthNow } from "~/http/health.server";

/** 503 when a region cannot be written or read, a data key is missing, or acknowledged reports are gone. */
export async function loader() {
  const health = await healthNow();
  return Response.json(health, { status: health.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
