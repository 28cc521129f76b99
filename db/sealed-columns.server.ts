import SQLite from "better-sqlite3";
import {
  AliasNode,
  ColumnNode,
  ColumnUpdateNode,
  OperationNodeTransformer,
  PrimitiveValueListNode,
  ReferenceNode,
  TableNode,
  ValueListNode,
  ValueNode,
  ValuesNode,
  sql,
  type InsertQueryNode,
  type Kysely,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type UpdateQueryNode,
} from "kysely";
import { dataKeys, isSealed, openText, sealedKeyId, sealText } from "./data-keys.server";

/**
 * Children's words and the names of people in cases: sealed (AES-256-GCM) in every row, so a
 * stolen database file or backup reveals none of them. The one list of what is sealed.
 * No query may filter, sort or search on these columns: SQL sees only ciphertext.
 */
export const SEALED_COLUMNS = {
  reports: ["description", "contact_name", "contact_class", "closure_note", "screen_lowered_reason"],
  report_messages: ["body"],
  cases: ["summary", "closure_note"],
  case_people: ["name", "notes"],
  case_events: ["participants", "content"],
  case_evidence: ["file_name", "description"],
  case_transfers: ["note"],
  referrals: ["guardian_consent", "child_voice", "danger_reason", "summary", "decline_reason", "action_taken", "outcome"],
  // As base64 text; a stolen file must not let anyone make a staff member's codes.
  totp_credentials: ["secret"],
} as const satisfies Record<string, readonly string[]>;

const sealedSets = new Map<string, ReadonlySet<string>>(Object.entries(SEALED_COLUMNS).map(([t, cols]) => [t, new Set(cols)]));

/**
 * The result keys a sealed value may arrive under: the sealed columns' names and the aliases
 * queries give them. Only these are opened, so text that merely looks sealed in any other column
 * (a school's name, a label staff typed) is shown as it is instead of failing the page.
 */
const SEALED_RESULT_KEYS: ReadonlySet<string> = new Set([...Object.values(SEALED_COLUMNS).flat(), "person_name"]);

function sealValue(table: string, column: string, value: unknown): unknown {
  if (typeof value === "string") return sealText(value);
  if (value === null || value === undefined) return value;
  throw new Error(`${table}.${column} is sealed: it takes text only`);
}

/** A row for a sealed table with its sealed columns sealed, for the one raw-SQL hot path (report intake). */
export function sealRow<T extends Record<string, unknown>>(table: keyof typeof SEALED_COLUMNS, row: T): T {
  const sealed = sealedSets.get(table)!;
  const out: Record<string, unknown> = { ...row };
  for (const column of sealed) if (column in out) out[column] = sealValue(table, column, out[column]);
  return out as T;
}

function tableName(node: OperationNode | undefined): string | undefined {
  if (!node) return undefined;
  if (TableNode.is(node)) return node.table.identifier.name;
  if (AliasNode.is(node)) return tableName(node.node);
  return undefined;
}

/** `set({ col: v })` names a column; `set("col", v)` and `set("table.col", v)` a reference to one. */
function columnName(node: OperationNode): string | undefined {
  if (ColumnNode.is(node)) return node.column.name;
  if (ReferenceNode.is(node) && ColumnNode.is(node.column)) return node.column.column.name;
  return undefined;
}

class SealingTransformer extends OperationNodeTransformer {
  protected override transformInsertQuery(node: InsertQueryNode): InsertQueryNode {
    const table = tableName(node.into);
    const sealed = table ? sealedSets.get(table) : undefined;
    const sealedAt = sealed && node.columns ? node.columns.map((c) => sealed.has(c.column.name)) : [];
    // An upsert would write its update half unsealed: refuse it rather than store words in the clear.
    if (sealed && node.onConflict?.updates?.some((u) => sealed.has(columnName(u.column) ?? "")))
      throw new Error(`${table}: sealed columns cannot be upserted`);
    if (!table || !sealedAt.some(Boolean)) return super.transformInsertQuery(node);
    if (!node.values || !ValuesNode.is(node.values)) throw new Error(`${table}: sealed columns are inserted from values only`);
    const name = (i: number) => node.columns![i]!.column.name;
    const values = ValuesNode.create(
      node.values.values.map((list) =>
        PrimitiveValueListNode.is(list)
          ? PrimitiveValueListNode.create(list.values.map((v, i) => (sealedAt[i] ? sealValue(table, name(i), v) : v)))
          : ValueListNode.create(
              list.values.map((v, i) => {
                if (!sealedAt[i]) return v;
                if (!ValueNode.is(v)) throw new Error(`${table}.${name(i)} is sealed: insert a plain value`);
                return ValueNode.create(sealValue(table, name(i), v.value));
              }),
            ),
      ),
    );
    return super.transformInsertQuery({ ...node, values });
  }

  protected override transformUpdateQuery(node: UpdateQueryNode): UpdateQueryNode {
    const table = tableName(node.table);
    const sealed = table ? sealedSets.get(table) : undefined;
    if (!table || !sealed || !node.updates) return super.transformUpdateQuery(node);
    const updates = node.updates.map((u) => {
      const column = columnName(u.column);
      if (!column || !sealed.has(column)) return u;
      if (!ValueNode.is(u.value)) throw new Error(`${table}.${column} is sealed: set it to a plain value`);
      return ColumnUpdateNode.create(u.column, ValueNode.create(sealValue(table, column, u.value.value)));
    });
    return super.transformUpdateQuery({ ...node, updates });
  }
}

/** Seals sealed columns on their way in and opens every sealed value on its way out. */
export class SealedColumnsPlugin implements KyselyPlugin {
  readonly #transformer = new SealingTransformer();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    for (const row of args.result.rows) {
      for (const key in row) {
        const value = row[key];
        if (typeof value === "string" && SEALED_RESULT_KEYS.has(key) && isSealed(value)) row[key] = openText(value);
      }
    }
    return args.result;
  }
}

/**
 * Seals again, with the current key, every value sealed with another key or never sealed (rows
 * written before sealing began). Returns how many values it rewrote. Run by a migration and by
 * `npm run keys:rotate`.
 */
export async function resealAll(db: Kysely<any>): Promise<number> {
  const current = dataKeys()[0]!.id;
  let rewritten = 0;
  for (const [table, columns] of Object.entries(SEALED_COLUMNS)) {
    // A migration before a column's own (0008, 0019) runs with today's list: columns not made yet are skipped.
    const existing = new Set(
      (await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db)).rows.map((r) => r.name),
    );
    for (const column of columns) {
      if (!existing.has(column)) continue;
      // Read the stored form: the plugin would open it.
      const stored = await db
        .withoutPlugins()
        .selectFrom(table)
        .select(["id", column])
        .where(column, "<>", "")
        .where(column, "is not", null)
        .execute();
      for (const row of stored) {
        const value = row[column] as string | Uint8Array;
        // Raw bytes: a TOTP secret written before it was sealed; sealed as its base64 text.
        const plain = typeof value === "string" ? value : Buffer.from(value).toString("base64");
        if (typeof value === "string" && sealedKeyId(value) === current) continue;
        await db
          .updateTable(table)
          .set({ [column]: openText(plain) })
          .where("id", "=", row.id)
          .execute();
        rewritten++;
      }
    }
  }
  return rewritten;
}

/** The ids of the keys that some stored value is sealed with, so an unused older key can be dropped. */
export async function keyIdsInUse(db: Kysely<any>): Promise<Set<string>> {
  const ids = new Set<string>();
  const skip = "sealed:v1:".length + 1;
  for (const [table, columns] of Object.entries(SEALED_COLUMNS)) {
    for (const column of columns) {
      const c = sql.ref(column);
      const { rows } = await sql<{ id: string }>`select distinct substr(${c}, ${skip}, instr(substr(${c}, ${skip}), ':') - 1) as id
        from ${sql.table(table)} where ${c} like 'sealed:v1:%'`.execute(db.withoutPlugins());
      for (const r of rows) ids.add(r.id);
    }
  }
  // Receipt codes are keyed hashes ("h1:<key id>:…", db/data-keys.server.ts): they cannot be
  // remade without the code, so their key stays until each is used (and upgraded) or retired.
  const { rows } = await sql<{ id: string }>`select distinct substr(receipt_hash, 4, instr(substr(receipt_hash, 4), ':') - 1) as id
    from reports where receipt_hash like 'h1:%'`.execute(db.withoutPlugins());
  for (const r of rows) ids.add(r.id);
  return ids;
}

/**
 * The same ids read from a database file directly (better-sqlite3, read-only): for the checks
 * that run before a region is opened (start-up, key creation, restore of a backup).
 */
export function keyIdsInFile(file: string): Set<string> {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const tables = new Set(db.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[]);
    const ids = new Set<string>();
    const skip = "sealed:v1:".length + 1;
    for (const [table, columns] of Object.entries(SEALED_COLUMNS)) {
      if (!tables.has(table)) continue;
      const present = new Set(db.prepare(`select name from pragma_table_info('${table}')`).pluck().all() as string[]);
      for (const column of columns.filter((c) => present.has(c))) {
        const found = db
          .prepare(
            `select distinct substr("${column}", ${skip}, instr(substr("${column}", ${skip}), ':') - 1) from "${table}" where "${column}" like 'sealed:v1:%'`,
          )
          .pluck()
          .all() as string[];
        for (const id of found) ids.add(id);
      }
    }
    return ids;
  } finally {
    db.close();
  }
}
