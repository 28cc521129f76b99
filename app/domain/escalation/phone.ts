/**
 * A phone number as the urgent flow stores and dials it: +7 and 10 digits, or + and 8–15
 * digits (E.164). Spaces, dashes, dots and brackets are dropped, and a Kazakh 8XXXXXXXXXX
 * becomes +7XXXXXXXXXX. '' stays '' (not known yet); undefined: not a phone number.
 */
export function normalizePhone(input: string): string | undefined {
  const compact = input.trim().replace(/[\s\-().]/g, "");
  if (compact === "") return "";
  if (/^8\d{10}$/.test(compact)) return `+7${compact.slice(1)}`;
  if (/^\+7\d*$/.test(compact)) return /^\+7\d{10}$/.test(compact) ? compact : undefined;
  return /^\+[1-9]\d{7,14}$/.test(compact) ? compact : undefined;
}

/** +77012345678 → +7 701 234 5678, for reading aloud; other numbers as stored. */
export function formatPhone(phone: string): string {
  const m = /^\+7(\d{3})(\d{3})(\d{4})$/.exec(phone);
  return m ? `+7 ${m[1]} ${m[2]} ${m[3]}` : phone;
}
