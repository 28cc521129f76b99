/**
 * The receipt page is the same for every report of a school, language and urgency but for the
 * code. The server renders it once with this placeholder and fills the code in (see
 * app/http/fast-intake.server.ts); the header asks the report route for that rendering and is
 * removed from every request that comes from outside.
 */
export const RECEIPT_PLACEHOLDER = "SENIM_RECEIPT_CODE_PLACEHOLDER";
export const RECEIPT_PREVIEW_HEADER = "x-senim-receipt-preview";
