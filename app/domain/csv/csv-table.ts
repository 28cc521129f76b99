/** Splits one CSV line (comma or semicolon, as Excel writes it in Russian locales; "quoted" fields). */
function splitCsvLine(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') ((field += '"'), i++);
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) (fields.push(field.trim()), (field = ""));
    else field += ch;
  }
  fields.push(field.trim());
  return fields;
}

export type CsvRow = { line: number; fields: string[] };

/**
 * A CSV file's text, or undefined when it is not UTF-8 (Excel in a Russian locale may save
 * CP1251): read loosely, its names would turn into replacement characters and still import.
 */
export function csvFileText(bytes: ArrayBuffer): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * The rows of a CSV file whose header must be exactly `columns` (any case), UTF-8 with or without
 * a BOM, comma or semicolon as the header uses; blank lines skipped, line numbers as an editor shows them.
 */
export function readCsvTable(text: string, columns: readonly string[]): { ok: true; rows: CsvRow[] } | { ok: false } {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const header = lines[0] ?? "";
  const delimiter = header.includes(";") ? ";" : ",";
  const found = splitCsvLine(header, delimiter).map((c) => c.toLowerCase());
  if (columns.some((c, i) => found[i] !== c)) return { ok: false };
  const rows: CsvRow[] = [];
  lines.slice(1).forEach((raw, i) => {
    if (raw.trim() !== "") rows.push({ line: i + 2, fields: splitCsvLine(raw, delimiter) });
  });
  return { ok: true, rows };
}
