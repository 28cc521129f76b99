import type { Kysely } from "kysely";

// Urgent reports are followed by a call, not only a mail: staff and schools carry a phone number
// ('' while unknown), which SMS delivery and the tel: links of the urgent flow read.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("users")
    .addColumn("phone", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema
    .alterTable("schools")
    .addColumn("phone", "text", (c) => c.notNull().defaultTo(""))
    .execute();
}
