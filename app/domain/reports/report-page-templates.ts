/**
 * The report form is the same for every child of a school, language and poster place but for its
 * form token, and the receipt page the same for every report of a school, language and urgency
 * but for the code. The server renders each once with a placeholder and fills it in (see
 * app/http/fast-intake.server.ts); the header asks the report route for such a rendering and is
 * removed from every request that comes from outside.
 */
export const PAGE_TEMPLATE_HEADER = "x-senim-page-template";
export const FORM_TEMPLATE = "form";
export const FORM_TOKEN_PLACEHOLDER = "SENIM_FORM_TOKEN_PLACEHOLDER";
export const RECEIPT_PLACEHOLDER = "SENIM_RECEIPT_CODE_PLACEHOLDER";

/** What a receipt tells the child: who sees the report, and when, depends on these two. */
export type ReceiptCase = { urgent: boolean; schoolOpen: boolean };
export const RECEIPT_CASES: ReceiptCase[] = [false, true].flatMap((urgent) => [false, true].map((schoolOpen) => ({ urgent, schoolOpen })));
export const receiptPreviewValue = ({ urgent, schoolOpen }: ReceiptCase) =>
  `${urgent ? "urgent" : "calm"}-${schoolOpen ? "open" : "closed"}`;
export function parseReceiptPreview(value: string | null): ReceiptCase | undefined {
  return RECEIPT_CASES.find((c) => receiptPreviewValue(c) === value);
}
