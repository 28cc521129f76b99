import type { Kysely } from "kysely";

// Closed reports and cases lose their words and names after the retention period; the row
// stays (school, categories, dates, outcome) so the aggregates stay true.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("reports").addColumn("anonymised_at", "text").execute();
  await db.schema.alterTable("cases").addColumn("anonymised_at", "text").execute();
}
