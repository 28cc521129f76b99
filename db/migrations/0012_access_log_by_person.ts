import type { Kysely } from "kysely";

// The audit page filters and lists by person: without this it read the whole log each time.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex("access_log_user").on("access_log").columns(["user_id", "id"]).execute();
}
