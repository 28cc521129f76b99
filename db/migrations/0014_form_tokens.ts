import { sql, type Kysely } from "kysely";

// Public forms carry a signed single-use token (app/domain/reports/form-token.server.ts). The
// ids of spent tokens live here, shared by every worker process, until the token would have
// expired anyway. WITHOUT ROWID: no insertion order that could line a token up with a report.
// A life-safety report is stored even with a bad token, flagged for the flood work; a message
// on /status carries the idempotency key of its form, so a re-sent form stores nothing twice.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("spent_form_tokens")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .modifyEnd(sql`without rowid`)
    .execute();
  await db.schema.createIndex("spent_form_tokens_expiry").on("spent_form_tokens").column("expires_at").execute();
  await db.schema
    .alterTable("reports")
    .addColumn("form_token_invalid", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("report_messages").addColumn("idempotency_key", "text").execute();
  await db.schema
    .createIndex("report_messages_idempotency")
    .unique()
    .on("report_messages")
    .columns(["report_id", "idempotency_key"])
    .where(sql.ref("idempotency_key"), "is not", null)
    .execute();
}
