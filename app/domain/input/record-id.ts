import { z } from "zod";

/** An id from a URL or a form: anything else is "not found", never a 500. */
export const recordId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
