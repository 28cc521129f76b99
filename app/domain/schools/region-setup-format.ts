// What the region admin's forms and CSV import accept; shared by the page and the domain module.
export const NAME_MAX = 200;
export const SCHOOLS_CSV_COLUMNS = ["district", "name_kk", "name_ru", "name_en", "locality"] as const;
