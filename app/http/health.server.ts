import { currentHealth, type Health } from "../../db/health.server";
import { allRegionsAnswer } from "../../db/regions.server";

/** What /healthz answers: the last checks' problems, plus whether every region database answers now. */
export async function healthNow(): Promise<Health> {
  const health = currentHealth();
  const problems = (await allRegionsAnswer()) ? health.problems : [...health.problems, "a region database does not answer"];
  return { ok: problems.length === 0, problems, checkedAt: health.checkedAt };
}
