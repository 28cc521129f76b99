import { sql, type Kysely } from "kysely";

// Notifications reach people by e-mail, SMS or Telegram through one durable outbox: the mail
// outbox is rebuilt as `outbox` with a channel (its old rows are e-mails), unique per
// notification or digest and channel, so a replayed rung never sends twice on any channel.
// Staff choose their channels (null: the defaults) and link a Telegram chat with a one-time
// code of which only the hash is kept.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("outbox")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("channel", "text", (c) => c.notNull().check(sql`channel in ('email', 'sms', 'telegram')`))
    .addColumn("notification_id", "integer", (c) => c.references("notifications.id").onDelete("cascade"))
    .addColumn("digest_id", "integer", (c) => c.references("digests.id").onDelete("cascade"))
    // The address on that channel: an e-mail address, a phone number or a Telegram chat id.
    .addColumn("to_address", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("last_error", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("sent_at", "text")
    .addCheckConstraint("outbox_for_one", sql`(notification_id is null) <> (digest_id is null)`)
    .addUniqueConstraint("outbox_once_per_notification", ["notification_id", "channel"])
    .addUniqueConstraint("outbox_once_per_digest", ["digest_id", "channel"])
    .execute();
  await sql`insert into outbox (id, channel, notification_id, digest_id, to_address, subject, body, created_at, attempts, next_attempt_at, last_error, sent_at)
    select id, 'email', notification_id, digest_id, to_address, subject, body, created_at, attempts, next_attempt_at, last_error, sent_at from mail_outbox`.execute(
    db,
  );
  await db.schema.dropTable("mail_outbox").execute();
  await db.schema.createIndex("outbox_due").on("outbox").columns(["sent_at", "next_attempt_at"]).execute();

  // Comma-separated chosen channels; null until the person chooses (then the defaults apply).
  await db.schema.alterTable("users").addColumn("channels", "text").execute();
  await db.schema
    .alterTable("users")
    .addColumn("telegram_chat_id", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema
    .createTable("telegram_link_codes")
    .addColumn("user_id", "integer", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("code_hash", "text", (c) => c.notNull().unique())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
}
