import crypto from "node:crypto";
import Database from "better-sqlite3";
import { Kysely, SqliteDialect, sql, type Generated } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSealed, reloadDataKeys } from "../../db/data-keys.server";
import { SealedColumnsPlugin } from "../../db/sealed-columns.server";

// The plugin alone, on a real (in-memory) SQLite: every way a query writes a sealed column seals
// it or is refused; every way it reads one opens it.
type Db = {
  case_people: { id: Generated<number>; case_id: number; role: string; name: string; notes: string; class_label: string; added_at: string };
};
let db: Kysely<Db>;
const raw = async () =>
  (
    await sql<{ name: string; notes: string; class_label: string }>`select name, notes, class_label from case_people order by id`.execute(
      db.withoutPlugins(),
    )
  ).rows;

beforeAll(async () => {
  process.env.SENIM_DATA_KEYS = `t1:${crypto.randomBytes(32).toString("base64")}`;
  reloadDataKeys();
  db = new Kysely<Db>({ dialect: new SqliteDialect({ database: new Database(":memory:") }), plugins: [new SealedColumnsPlugin()] });
  await sql`create table case_people (id integer primary key, case_id integer, role text, name text, notes text, class_label text, added_at text)`.execute(
    db,
  );
});
afterAll(() => {
  delete process.env.SENIM_DATA_KEYS;
  reloadDataKeys();
});

describe("sealed columns", () => {
  it("seals on insert, one row or many, and opens on select, aliased too", async () => {
    await db
      .insertInto("case_people")
      .values({ case_id: 1, role: "target", name: "Дамир", notes: "", class_label: "7Б", added_at: "x" })
      .execute();
    await db
      .insertInto("case_people")
      .values([
        { case_id: 1, role: "initiator", name: "Бекзат", notes: "Обещал", class_label: "7Б", added_at: "x" },
        { case_id: 1, role: "defender", name: "Аян", notes: "", class_label: "7Б", added_at: "x" },
      ])
      .execute();
    const stored = await raw();
    expect(stored.map((r) => isSealed(r.name))).toEqual([true, true, true]);
    expect(stored.map((r) => r.notes === "" || isSealed(r.notes))).toEqual([true, true, true]);
    expect(stored.map((r) => r.class_label)).toEqual(["7Б", "7Б", "7Б"]); // not a sealed column
    expect((await db.selectFrom("case_people").select("name").orderBy("id").execute()).map((r) => r.name)).toEqual([
      "Дамир",
      "Бекзат",
      "Аян",
    ]);
    expect(await db.selectFrom("case_people").select("name as person_name").where("id", "=", 1).executeTakeFirst()).toEqual({
      person_name: "Дамир",
    });
  });

  it("seals on update, in either form of set", async () => {
    await db.updateTable("case_people").set({ notes: "Заметка один" }).where("id", "=", 1).execute();
    await db.updateTable("case_people").set("name", "Дамир С.").where("id", "=", 1).execute();
    const [first] = await raw();
    expect(isSealed(first!.notes) && isSealed(first!.name)).toBe(true);
    expect(await db.selectFrom("case_people").select(["name", "notes"]).where("id", "=", 1).executeTakeFirst()).toEqual({
      name: "Дамир С.",
      notes: "Заметка один",
    });
  });

  it("refuses what it cannot seal: an expression, an upsert", async () => {
    await expect(
      db
        .updateTable("case_people")
        .set({ name: sql`upper(name)` })
        .where("id", "=", 1)
        .execute(),
    ).rejects.toThrow(/sealed/);
    await expect(
      db
        .insertInto("case_people")
        .values({ id: 1, case_id: 1, role: "target", name: "X", notes: "", class_label: "", added_at: "x" })
        .onConflict((oc) => oc.column("id").doUpdateSet({ name: "Y" }))
        .execute(),
    ).rejects.toThrow(/sealed/);
  });

  it("leaves alone text that only looks sealed in a column that is not", async () => {
    await db.updateTable("case_people").set({ class_label: "sealed:v1:t1:AAAA" }).where("id", "=", 2).execute();
    expect(await db.selectFrom("case_people").select("class_label").where("id", "=", 2).executeTakeFirst()).toEqual({
      class_label: "sealed:v1:t1:AAAA",
    });
  });
});
