import { allRegionsAnswer } from "../../db/regions.server";

export async function loader() {
  const ok = await allRegionsAnswer();
  return Response.json({ ok }, { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
