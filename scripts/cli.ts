import { parseArgs } from "node:util";
import { z } from "zod";
import { closeAllRegions } from "../db/regions.server";

/** Parses `--name value` options with a zod schema; prints what is wrong and exits 2 on bad input. */
export function cliOptions<T extends z.ZodType>(schema: T, usage: string): z.output<T> {
  try {
    const { values } = parseArgs({ options: optionSpec(schema), strict: true });
    const parsed = schema.safeParse(values);
    if (parsed.success) return parsed.data;
    fail(parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n"), usage);
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e), usage);
  }
}

function optionSpec(schema: z.ZodType) {
  const shape = schema instanceof z.ZodObject ? schema.shape : {};
  return Object.fromEntries(Object.keys(shape).map((k) => [k, { type: "string" as const }]));
}

function fail(message: string, usage: string): never {
  console.error(`${message}\n\nUsage: ${usage}`);
  process.exit(2);
}

/** Runs a CLI command, turning domain errors into a message and exit code 1 instead of a stack trace. */
export async function runCli(task: () => Promise<string>): Promise<void> {
  try {
    console.log(await task());
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
  } finally {
    await closeAllRegions();
  }
}
