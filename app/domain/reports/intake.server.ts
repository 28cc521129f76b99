import type { Database as SQLiteDatabase, Statement } from "better-sqlite3";
import { sqliteOf, type RegionDb } from "../../../db/regions.server";
import type { NewReport } from "../../../db/schema";
import { sealRow } from "../../../db/sealed-columns.server";
import { singleton } from "../../../db/singleton";

/**
 * Group commit for report intake. Reports that arrive while a commit is being prepared share
 * one transaction, so one fsync (synchronous=FULL) makes all of them durable; each caller's
 * promise resolves only after that commit. Under load this turns one fsync per report into
 * one per batch; alone, a report commits on the next turn of the event loop.
 */
type Pending = { report: NewReport; categories: string[]; token?: SpendableToken; done: (id: Stored) => void; fail: (e: unknown) => void };
export type SpendableToken = { id: string; expiresAt: string };
/** The new report's id; undefined when the receipt hash is taken; "spent" when its form token already was. */
type Stored = number | undefined | "spent";

const queues = singleton("intake-queues", () => new WeakMap<RegionDb, Pending[]>());
const statements = singleton(
  "intake-statements",
  () => new WeakMap<SQLiteDatabase, { report: Statement; category: Statement; spend: Statement; unspend: Statement }>(),
);

/**
 * Inserts the report and its categories; undefined when the receipt hash is already taken.
 * The form token is spent in the same transaction: two workers given one token store one report.
 */
export function insertReportDurably(db: RegionDb, report: NewReport, categories: string[], token?: SpendableToken): Promise<Stored> {
  return new Promise((done, fail) => {
    let queue = queues.get(db);
    if (!queue) queues.set(db, (queue = []));
    queue.push({ report, categories, token, done, fail });
    if (queue.length === 1) setImmediate(() => void commitBatch(db));
  });
}

async function commitBatch(db: RegionDb): Promise<void> {
  const batch = queues.get(db)!.splice(0);
  try {
    // Kysely's connection lock: no Kysely transaction can be open on this connection meanwhile.
    const results = await db.connection().execute(async () => {
      const sqlite = sqliteOf(db);
      const { report, category, spend, unspend } = statementsFor(sqlite);
      const insertOne = ({ report: r, categories, token }: Pending): Stored => {
        if (token && spend.run(token.id, token.expiresAt).changes === 0) return "spent";
        const inserted = report.get({
          poster_place_id: null,
          form_token_invalid: 0,
          screen_matches: null,
          screen_raised: 0,
          ...sealRow("reports", r),
        }) as { id: number } | undefined;
        if (inserted) for (const c of categories) category.run(inserted.id, c);
        // A repeated receipt code is retried with the same token.
        else if (token) unspend.run(token.id);
        return inserted?.id;
      };
      try {
        const ids = sqlite.transaction(() => batch.map(insertOne)).immediate();
        return ids.map((id) => ({ ok: true as const, id }));
      } catch {
        // Rolled back whole: again, each report in a savepoint of its own, so one that cannot
        // be stored fails alone instead of taking the others with it.
        const insertAlone = sqlite.transaction(insertOne);
        return sqlite
          .transaction(() =>
            batch.map((p) => {
              try {
                return { ok: true as const, id: insertAlone(p) };
              } catch (error) {
                return { ok: false as const, error };
              }
            }),
          )
          .immediate();
      }
    });
    // Only now, after the commit (and its fsync), is anyone told their report is stored.
    batch.forEach((p, i) => {
      const r = results[i]!;
      if (r.ok) p.done(r.id);
      else p.fail(r.error);
    });
  } catch (e) {
    for (const p of batch) p.fail(e);
  }
}

function statementsFor(sqlite: SQLiteDatabase) {
  let s = statements.get(sqlite);
  if (!s) {
    s = {
      report: sqlite.prepare(
        `insert into reports (school_id, receipt_hash, reporter_role, location, frequency, since, grade, description,
           contact_requested, contact_name, contact_class, urgent, language, status, submitted_at, poster_place_id, form_token_invalid,
           screen_matches, screen_raised)
         values (@school_id, @receipt_hash, @reporter_role, @location, @frequency, @since, @grade, @description,
           @contact_requested, @contact_name, @contact_class, @urgent, @language, @status, @submitted_at, @poster_place_id, @form_token_invalid,
           @screen_matches, @screen_raised)
         on conflict (receipt_hash) do nothing returning id`,
      ),
      category: sqlite.prepare("insert into report_categories (report_id, category) values (?, ?)"),
      spend: sqlite.prepare("insert into spent_form_tokens (id, expires_at) values (?, ?) on conflict (id) do nothing"),
      unspend: sqlite.prepare("delete from spent_form_tokens where id = ?"),
    };
    statements.set(sqlite, s);
  }
  return s;
}
