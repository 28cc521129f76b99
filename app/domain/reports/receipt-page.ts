/**
 * The receipt page is the same for every report of a school, language and urgency but for the
 * code. The server renders it once with this placeholder and fills the code in (see
 * app/http/fast-intake.server.ts); the header asks the report route for that rendering and is
 * removed from every request that comes from outside.
 */
export const RECEIPT_PLACEHOLDER = "SENIM_RECEIPT_CODE_PLACEHOLDER";
export const RECEIPT_PREVIEW_HEADER = "x-senim-receipt-preview";

/** What a receipt tells the child: who sees the report, and when, depends on these two. */
export type ReceiptCase = { urgent: boolean; schoolOpen: boolean };
export const RECEIPT_CASES: ReceiptCase[] = [false, true].flatMap((urgent) => [false, true].map((schoolOpen) => ({ urgent, schoolOpen })));
export const receiptPreviewValue = ({ urgent, schoolOpen }: ReceiptCase) =>
  `${urgent ? "urgent" : "calm"}-${schoolOpen ? "open" : "closed"}`;
export function parseReceiptPreview(value: string | null): ReceiptCase | undefined {
  return RECEIPT_CASES.find((c) => receiptPreviewValue(c) === value);
}
