import type { Kysely } from "kysely";
import { resealAll } from "../sealed-columns.server";

// Children's words and names written before sealing began are sealed in place.
export async function up(db: Kysely<any>): Promise<void> {
  await resealAll(db);
}
