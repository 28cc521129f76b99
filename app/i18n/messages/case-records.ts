// The case-records area's messages, in every language; en is the source of the typed keys.
const en = {
} satisfies Record<`caseRecords.${string}`, string>;

type Messages = Record<keyof typeof en, string>;

const ru: Messages = {
};

const kk: Messages = {
};

export const caseRecordsMessages = { en, ru, kk };
