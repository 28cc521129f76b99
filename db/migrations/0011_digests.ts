import { sql, type Kysely } from "kysely";

// The daily digest of overdue follow-ups, unanswered reports and late referrals: one per person
// and day, counts only. Its email goes through the same outbox as the ladder's, so the outbox is
// rebuilt (SQLite cannot relax a NOT NULL) to hold a mail for either a notification or a digest.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("digests")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("overdue_tasks", "integer", (c) => c.notNull())
    .addColumn("unanswered_reports", "integer", (c) => c.notNull())
    .addColumn("overdue_referrals", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("digests_once_a_day", ["user_id", "day"])
    .execute();

  await db.schema
    .createTable("mail_outbox_new")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("notification_id", "integer", (c) => c.unique().references("notifications.id").onDelete("cascade"))
    .addColumn("digest_id", "integer", (c) => c.unique().references("digests.id").onDelete("cascade"))
    .addColumn("to_address", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("last_error", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("sent_at", "text")
    .addCheckConstraint("mail_outbox_for_one", sql`(notification_id is null) <> (digest_id is null)`)
    .execute();
  await sql`insert into mail_outbox_new (id, notification_id, to_address, subject, body, created_at, attempts, next_attempt_at, last_error, sent_at)
    select id, notification_id, to_address, subject, body, created_at, attempts, next_attempt_at, last_error, sent_at from mail_outbox`.execute(
    db,
  );
  await db.schema.dropTable("mail_outbox").execute();
  await db.schema.alterTable("mail_outbox_new").renameTo("mail_outbox").execute();
  await db.schema.createIndex("mail_outbox_due").on("mail_outbox").columns(["sent_at", "next_attempt_at"]).execute();
}
