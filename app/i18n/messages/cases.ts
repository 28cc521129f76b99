// The cases area's messages, in every language; en is the source of the typed keys.
const en = {
} satisfies Record<`cases.${string}`, string>;

type Messages = Record<keyof typeof en, string>;

const ru: Messages = {
};

const kk: Messages = {
};

export const casesMessages = { en, ru, kk };
