/** The longest name of a poster place (a building or floor), in characters. */
export const PLACE_LABEL_MAX = 60;
