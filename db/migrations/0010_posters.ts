import type { Kysely } from "kysely";

// Posters per building or floor: the QR code names the place, the report keeps it, so the
// psychologist knows where to look. A place is never deleted (its posters may still hang).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("poster_places")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("school_id", "integer", (c) => c.notNull().references("schools.id"))
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("poster_places_school").on("poster_places").column("school_id").execute();
  await db.schema
    .alterTable("reports")
    .addColumn("poster_place_id", "integer", (c) => c.references("poster_places.id"))
    .execute();
}
