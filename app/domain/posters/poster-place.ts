/** The longest name of a poster place (a building or floor), in characters. */
export const PLACE_LABEL_MAX = 60;

/** A poster place's id as its QR code's `?p=` gives it; anything else (stale, mistyped) is no place. */
export function posterPlaceId(raw: string | null | undefined): number | null {
  return raw && /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : null;
}
