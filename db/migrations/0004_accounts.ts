import { sql, type Kysely } from "kysely";

// Staff accounts under attack and on shared computers: a second factor (TOTP and recovery
// codes), a temporary lock after repeated failures, idle expiry of sessions, and one-time
// links for invitations and password resets.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("users").addColumn("password_set_at", "text").execute();
  await db.schema
    .alterTable("users")
    .addColumn("failed_sign_ins", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("users").addColumn("failed_since", "text").execute();
  await db.schema.alterTable("users").addColumn("locked_until", "text").execute();
  // Accounts made before this migration were made with a password.
  await sql`update users set password_set_at = created_at where password_hash <> ''`.execute(db);

  // Sessions made under the old rules never gave a second factor: everyone signs in again.
  await sql`delete from sessions`.execute(db);
  await db.schema
    .alterTable("sessions")
    .addColumn("last_used_at", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema.alterTable("sessions").addColumn("two_factor_at", "text").execute();

  // The secret has a column of its own so at-rest encryption can wrap exactly it later.
  // At most one confirmed row per user; an unconfirmed row is an enrolment in progress.
  await db.schema
    .createTable("totp_credentials")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("secret", "blob", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("confirmed_at", "text")
    // The last 30-second step whose code was accepted: a code works once.
    .addColumn("last_used_step", "integer", (c) => c.notNull().defaultTo(0))
    // An enrolment belongs to the session that started it (and ends with it): a secret someone
    // else saw in another session can never be the one this person confirms.
    .addColumn("session_id", "text", (c) => c.references("sessions.id").onDelete("cascade"))
    .execute();
  await db.schema.createIndex("totp_credentials_user").on("totp_credentials").column("user_id").execute();

  await db.schema
    .createTable("recovery_codes")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .execute();
  await db.schema.createIndex("recovery_codes_user").on("recovery_codes").columns(["user_id", "code_hash"]).execute();

  await db.schema
    .createTable("account_links")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("purpose", "text", (c) => c.notNull().check(sql`purpose in ('invite', 'reset')`))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .execute();
  await db.schema.createIndex("account_links_user").on("account_links").columns(["user_id", "purpose"]).execute();
}
