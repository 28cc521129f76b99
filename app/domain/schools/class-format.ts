/** Languages of instruction in Kazakhstan's schools. */
export const INSTRUCTION_LANGUAGES = ["kk", "ru", "uz", "ug", "tg", "en"] as const;

/** The header of a classes CSV file, in this order. */
export const CSV_COLUMNS = ["grade", "letter", "language", "pupils", "teacher_email"] as const;
