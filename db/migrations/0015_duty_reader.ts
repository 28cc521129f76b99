import { sql, type Kysely } from "kysely";

// A reader at every hour: an out-of-hours urgent report calls the school psychologist again
// when school opens (morning_at, null once done), and the service directory says which
// entries a person has checked (seeded ones start unconfirmed).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("escalations").addColumn("morning_at", "text").execute();
  await db.schema
    .alterTable("services")
    .addColumn("confirmed", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  // Nobody has said they checked the rows there are: the seeded directory's, except 111's number.
  await sql`update services set confirmed = case when kind = 'contact_centre_111' and phone = '111' then 1 else 0 end`.execute(db);
}
