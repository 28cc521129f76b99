import type { Kysely } from "kysely";

// Issue #17, the life-safety screen: where a report's words matched the screen, whether the
// screen raised it to urgent, and a psychologist's decision to lower it again, with the reason.
export async function up(db: Kysely<unknown>): Promise<void> {
  // JSON: [{ ruleId, kind, start, end }], offsets into the stored description; null: nothing matched.
  await db.schema.alterTable("reports").addColumn("screen_matches", "text").execute();
  // 1 when the child ticked no life-safety box and the screen made the report urgent.
  await db.schema
    .alterTable("reports")
    .addColumn("screen_raised", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("reports").addColumn("screen_lowered_at", "text").execute();
  await db.schema
    .alterTable("reports")
    .addColumn("screen_lowered_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await db.schema.alterTable("reports").addColumn("screen_lowered_reason", "text").execute();
  // A reporter's later message on /status is screened too: where its words matched.
  await db.schema.alterTable("report_messages").addColumn("screen_matches", "text").execute();
}
