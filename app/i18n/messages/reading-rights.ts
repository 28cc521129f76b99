// Four eyes on children's words (issue #13): a psychologist's right to read reports waits for
// confirmation by the district official or the region admin. Staff only: сіз / вы.
const en = {
  "readingRights.nav": "Right to read",
  "readingRights.title": "Psychologists' right to read reports",
  "readingRights.intro":
    "A psychologist account a school invites reads no report, case or urgent report until you confirm it. Confirm only when you know the person works at that school as its psychologist.",
  "readingRights.pending": "Waiting for your confirmation",
  "readingRights.noPending": "No psychologist account is waiting.",
  "readingRights.confirmed": "Confirmed",
  "readingRights.noConfirmed": "No confirmed psychologist accounts.",
  "readingRights.school": "School",
  "readingRights.person": "Account",
  "readingRights.created": "Created {when}",
  "readingRights.confirmedAt": "Confirmed {when}",
  "readingRights.confirm": "Confirm the right to read: {name}",
  "readingRights.revoke": "Revoke the right to read: {name}",
  "readingRights.confirmedDone": "{name} may now read the school's reports.",
  "readingRights.revokedDone": "{name} reads no reports any more, until confirmed again.",
  "readingRights.unchanged": "Nothing changed: {name} was already in that state.",
  "readingRights.awaiting":
    "Your right to read reports waits for confirmation by the district. Until the district official or the region admin confirms it, you see no reports, cases or children's words. If a child is in danger now, call 112 or the school's director.",
  "readingRights.news.title": "New psychologist accounts at your school",
  "readingRights.news.pending":
    "A new psychologist account {name} ({email}) was created at your school and awaits confirmation by the district.",
  "readingRights.news.confirmed":
    "The psychologist account {name} ({email}) at your school was confirmed on {when} and now reads the school's reports.",
  "readingRights.news.hint":
    "If you do not know this person, tell the district official: only they and the region admin confirm who reads children's words.",
  "audit.action.grant_reading": "invited a psychologist (right to read, awaiting the district)",
  "audit.action.confirm_reading": "confirmed a psychologist's right to read",
  "audit.action.revoke_reading": "revoked a psychologist's right to read",
  "audit.highlighted": "Changes of who may read children's words, and urgent reports lowered to ordinary, are highlighted.",
} satisfies Record<`readingRights.${string}` | `audit.${string}`, string>;

type Messages = Record<keyof typeof en, string>;

const ru: Messages = {
  "readingRights.nav": "Право чтения",
  "readingRights.title": "Право психологов читать сообщения",
  "readingRights.intro":
    "Аккаунт психолога, приглашённый школой, не видит ни сообщений, ни случаев, ни срочных сообщений, пока вы его не подтвердите. Подтверждайте, только если знаете, что этот человек работает психологом этой школы.",
  "readingRights.pending": "Ждут вашего подтверждения",
  "readingRights.noPending": "Ни один аккаунт психолога не ждёт подтверждения.",
  "readingRights.confirmed": "Подтверждены",
  "readingRights.noConfirmed": "Подтверждённых аккаунтов психологов нет.",
  "readingRights.school": "Школа",
  "readingRights.person": "Аккаунт",
  "readingRights.created": "Создан {when}",
  "readingRights.confirmedAt": "Подтверждён {when}",
  "readingRights.confirm": "Подтвердить право чтения: {name}",
  "readingRights.revoke": "Отозвать право чтения: {name}",
  "readingRights.confirmedDone": "{name} теперь может читать сообщения школы.",
  "readingRights.revokedDone": "{name} больше не читает сообщения, пока право не подтвердят снова.",
  "readingRights.unchanged": "Ничего не изменилось: у {name} уже было это состояние.",
  "readingRights.awaiting":
    "Ваше право читать сообщения ждёт подтверждения района. Пока районный специалист или администратор региона его не подтвердит, вы не видите ни сообщений, ни случаев, ни слов детей. Если ребёнок в опасности сейчас, звоните 112 или директору школы.",
  "readingRights.news.title": "Новые аккаунты психологов в вашей школе",
  "readingRights.news.pending": "В вашей школе создан новый аккаунт психолога {name} ({email}); он ждёт подтверждения района.",
  "readingRights.news.confirmed": "Аккаунт психолога {name} ({email}) в вашей школе подтверждён {when} и теперь читает сообщения школы.",
  "readingRights.news.hint":
    "Если вы не знаете этого человека, сообщите районному специалисту: только он и администратор региона подтверждают, кто читает слова детей.",
  "audit.action.grant_reading": "пригласил(а) психолога (право чтения ждёт района)",
  "audit.action.confirm_reading": "подтвердил(а) право психолога читать",
  "audit.action.revoke_reading": "отозвал(а) право психолога читать",
  "audit.highlighted": "Изменения того, кто может читать слова детей, и срочные сообщения, переведённые в обычные, выделены.",
};

const kk: Messages = {
  "readingRights.nav": "Оқу құқығы",
  "readingRights.title": "Психологтардың хабарламаларды оқу құқығы",
  "readingRights.intro":
    "Мектеп шақырған психолог аккаунты сіз растағанша ешбір хабарламаны, істі немесе шұғыл хабарламаны көрмейді. Бұл адам сол мектептің психологы екенін білсеңіз ғана растаңыз.",
  "readingRights.pending": "Сіздің растауыңызды күтуде",
  "readingRights.noPending": "Растауды күтіп тұрған психолог аккаунты жоқ.",
  "readingRights.confirmed": "Расталған",
  "readingRights.noConfirmed": "Расталған психолог аккаунттары жоқ.",
  "readingRights.school": "Мектеп",
  "readingRights.person": "Аккаунт",
  "readingRights.created": "Құрылған уақыты: {when}",
  "readingRights.confirmedAt": "Расталған уақыты: {when}",
  "readingRights.confirm": "Оқу құқығын растау: {name}",
  "readingRights.revoke": "Оқу құқығын қайтарып алу: {name}",
  "readingRights.confirmedDone": "{name} енді мектептің хабарламаларын оқи алады.",
  "readingRights.revokedDone": "{name} қайта расталғанша хабарламаларды оқымайды.",
  "readingRights.unchanged": "Ештеңе өзгерген жоқ: {name} бұрыннан осы күйде.",
  "readingRights.awaiting":
    "Сіздің хабарламаларды оқу құқығыңыз аудандың растауын күтуде. Аудан маманы немесе өңір әкімшісі растағанша сіз хабарламаларды, істерді және балалардың сөздерін көрмейсіз. Бала қазір қауіпте болса, 112-ге немесе мектеп директорына қоңырау шалыңыз.",
  "readingRights.news.title": "Мектебіңіздегі жаңа психолог аккаунттары",
  "readingRights.news.pending": "Мектебіңізде жаңа психолог аккаунты құрылды: {name} ({email}); ол аудандың растауын күтуде.",
  "readingRights.news.confirmed":
    "Мектебіңіздегі психолог аккаунты {name} ({email}) {when} расталды және енді мектептің хабарламаларын оқиды.",
  "readingRights.news.hint":
    "Бұл адамды танымасаңыз, аудан маманына хабарлаңыз: балалардың сөздерін кім оқитынын тек ол және өңір әкімшісі растайды.",
  "audit.action.grant_reading": "психологты шақырды (оқу құқығы ауданды күтуде)",
  "audit.action.confirm_reading": "психологтың оқу құқығын растады",
  "audit.action.revoke_reading": "психологтың оқу құқығын қайтарып алды",
  "audit.highlighted": "Балалардың сөздерін кім оқи алатынының өзгерістері және қарапайымға ауыстырылған шұғыл хабарламалар ерекшеленген.",
};

export const readingRightsMessages = { en, ru, kk };
