import { currentHealth } from "../../../db/health.server";
import { allRegionsAnswer } from "../../../db/regions.server";

/** 503 when a region cannot be written or read, a data key is missing, or acknowledged reports are gone. */
export async function loader() {
  const health = currentHealth();
  const problems = (await allRegionsAnswer()) ? health.problems : [...health.problems, "a region database does not answer"];
  const ok = problems.length === 0;
  return Response.json({ ok, problems, checkedAt: health.checkedAt }, { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
