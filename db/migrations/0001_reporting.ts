import { sql, type Kysely } from "kysely";

// Forward-only: a shipped migration is never edited, a new one is added.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("districts")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("name_kk", "text", (c) => c.notNull())
    .addColumn("name_ru", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("schools")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("district_id", "integer", (c) => c.notNull().references("districts.id"))
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name_kk", "text", (c) => c.notNull())
    .addColumn("name_ru", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("locality", "text", (c) => c.notNull().check(sql`locality in ('urban','rural')`))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("schools_district").on("schools").column("district_id").execute();

  await db.schema
    .createTable("classes")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("school_id", "integer", (c) => c.notNull().references("schools.id"))
    .addColumn("grade", "integer", (c) => c.notNull().check(sql`grade between 0 and 12`))
    .addColumn("letter", "text", (c) => c.notNull())
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("pupil_count", "integer", (c) => c.notNull().check(sql`pupil_count >= 0`))
    .addUniqueConstraint("classes_unique", ["school_id", "grade", "letter"])
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("school_id", "integer", (c) => c.references("schools.id"))
    .addColumn("district_id", "integer", (c) => c.references("districts.id"))
    .addColumn("language", "text", (c) => c.notNull().defaultTo("kk"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("reports")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("school_id", "integer", (c) => c.notNull().references("schools.id"))
    .addColumn("receipt_hash", "text", (c) => c.notNull().unique())
    .addColumn("reporter_role", "text", (c) => c.notNull())
    .addColumn("location", "text", (c) => c.notNull())
    .addColumn("frequency", "text", (c) => c.notNull())
    .addColumn("since", "text", (c) => c.notNull())
    .addColumn("grade", "integer")
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("contact_requested", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("contact_name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("contact_class", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("urgent", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("new")
        .check(sql`status in ('new','in_progress','closed')`),
    )
    .addColumn("closure_reason", "text")
    .addColumn("closure_note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("submitted_at", "text", (c) => c.notNull())
    .addColumn("first_response_at", "text")
    .addColumn("closed_at", "text")
    .execute();
  // The inbox reads one school's reports by status; dashboards read by time.
  await db.schema.createIndex("reports_school_status").on("reports").columns(["school_id", "status", "submitted_at"]).execute();

  await db.schema
    .createTable("report_categories")
    .addColumn("report_id", "integer", (c) => c.notNull().references("reports.id").onDelete("cascade"))
    .addColumn("category", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("report_categories_pk", ["report_id", "category"])
    .execute();
  await db.schema.createIndex("report_categories_category").on("report_categories").columns(["category", "report_id"]).execute();

  await db.schema
    .createTable("report_messages")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("report_id", "integer", (c) => c.notNull().references("reports.id").onDelete("cascade"))
    .addColumn("author", "text", (c) => c.notNull().check(sql`author in ('reporter','staff')`))
    .addColumn("staff_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("report_messages_report").on("report_messages").columns(["report_id", "id"]).execute();

  await db.schema
    .createTable("access_log")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("entity", "text", (c) => c.notNull())
    .addColumn("entity_id", "integer", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("access_log_entity").on("access_log").columns(["entity", "entity_id"]).execute();
}
