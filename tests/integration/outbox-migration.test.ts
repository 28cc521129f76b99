import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect, sql, type Migration } from "kysely";
import { expect, it } from "vitest";

// Migration 0016 turns the mail outbox into the outbox of every channel: a mail still waiting
// from before the upgrade is kept, as an e-mail, and still goes.
it("keeps the mails waiting in the old mail outbox as e-mail rows of the new outbox", async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "senim-outbox-"));
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(path.join(dir, "old.sqlite")) }) });
  try {
    const files = import.meta.glob<Migration>("../../db/migrations/*.ts", { eager: true });
    const migrations = Object.fromEntries(Object.entries(files).map(([file, m]) => [path.basename(file, ".ts"), m]));
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo("0013_phones")).error).toBeUndefined();
    await sql`insert into users (email, password_hash, role, display_name, language, created_at) values ('psychologist@demo.senim.kz', '', 'region_admin', 'P', 'kk', '2026-12-01')`.execute(
      db,
    );
    await sql`insert into digests (id, user_id, day, overdue_tasks, unanswered_reports, overdue_referrals, created_at) values (7, 1, '2026-12-08', 1, 0, 0, '2026-12-08T05:00:00.000Z')`.execute(
      db,
    );
    await sql`insert into mail_outbox (digest_id, to_address, subject, body, created_at, next_attempt_at, attempts, last_error)
      values (7, 'psychologist@demo.senim.kz', 'Subject', 'Body', '2026-12-08T05:00:00.000Z', '2026-12-08T05:01:00.000Z', 1, 'down')`.execute(
      db,
    );
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(await db.selectFrom("outbox").selectAll().execute()).toEqual([
      expect.objectContaining({
        channel: "email",
        digest_id: 7,
        notification_id: null,
        to_address: "psychologist@demo.senim.kz",
        subject: "Subject",
        body: "Body",
        attempts: 1,
        last_error: "down",
        sent_at: null,
      }),
    ]);
    await expect(sql`select 1 from mail_outbox`.execute(db)).rejects.toThrow(/no such table/);
  } finally {
    await db.destroy();
    await fs.rm(dir, { recursive: true, force: true });
  }
});
