import { sql, type Kysely } from "kysely";
import { resealAll } from "../sealed-columns.server";

export async function up(db: Kysely<any>): Promise<void> {
  // Failed sign-ins of addresses without an account, so they lock as real ones do in every
  // worker. Keyed by an HMAC of the address (app/domain/auth/sign-in-throttle.server.ts): no
  // non-user's address is stored; rows are pruned once their window is over.
  await db.schema
    .createTable("sign_in_misses")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("since", "text", (c) => c.notNull())
    .addColumn("locked_until", "text")
    .execute();
  // Four eyes: a psychologist reads reports only once someone outside the school confirmed the
  // right. Accounts that already read reports keep that right.
  await db.schema.alterTable("users").addColumn("reading_confirmed_at", "text").execute();
  await db.schema.alterTable("users").addColumn("reading_confirmed_by", "integer").execute();
  await sql`update users set reading_confirmed_at = created_at where role = 'psychologist'`.execute(db);
  // TOTP secrets joined the sealed columns: seal the ones written before.
  await resealAll(db);
}
