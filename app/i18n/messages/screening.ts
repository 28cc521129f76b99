// The life-safety screen (issue #17): why a report is urgent, and lowering it. Staff only: сіз / вы.
const en = {
  "screen.title": "Words that need a person now",
  "screen.raised":
    "No life-safety box was ticked, but these words matched the life-safety screen, so the report was made urgent and the urgent-report ladder started. The screen only raises priority and shows why; you decide.",
  "screen.ticked": "These words also matched the life-safety screen.",
  "screen.rule": "Rule {rule}: {kind}",
  "screen.inMessage": "in the reporter's message of {when}",
  "screen.lower.title": "Not urgent?",
  "screen.lower.hint":
    "If the words are not about danger (a joke, a song, a figure of speech), lower the report to ordinary. The reason is kept in the access log.",
  "screen.lower.reason": "Why the report is not urgent",
  "screen.lower.submit": "Lower to ordinary",
  "screen.lower.error": "Write why the report is not urgent.",
  "screen.lowered": "Lowered to ordinary by {name}, {when}: {reason}",
  "audit.action.lower_urgency": "lowered a report the screen had made urgent:",
};

const ru: Record<keyof typeof en, string> = {
  "screen.title": "Слова, при которых нужен человек сейчас",
  "screen.raised":
    "Ни один пункт об угрозе жизни не отмечен, но эти слова совпали с проверкой на угрозу жизни, поэтому сообщение стало срочным и запустилась лестница срочных сообщений. Проверка только повышает приоритет и показывает почему; решаете вы.",
  "screen.ticked": "Эти слова также совпали с проверкой на угрозу жизни.",
  "screen.rule": "Правило {rule}: {kind}",
  "screen.inMessage": "в сообщении автора от {when}",
  "screen.lower.title": "Не срочно?",
  "screen.lower.hint":
    "Если слова не об опасности (шутка, песня, оборот речи), переведите сообщение в обычные. Причина сохранится в журнале доступа.",
  "screen.lower.reason": "Почему сообщение не срочное",
  "screen.lower.submit": "Перевести в обычные",
  "screen.lower.error": "Напишите, почему сообщение не срочное.",
  "screen.lowered": "Переведено в обычные: {name}, {when}: {reason}",
  "audit.action.lower_urgency": "снял(а) срочность, поставленную проверкой слов:",
};

const kk: Record<keyof typeof en, string> = {
  "screen.title": "Адам дереу қажет болатын сөздер",
  "screen.raised":
    "Өмірге қауіп туралы бірде-бір белгі қойылмаған, бірақ бұл сөздер өмірге қауіпті тексеруге сәйкес келді, сондықтан хабарлама шұғыл болды және шұғыл хабарламалар сатысы басталды. Тексеру тек басымдықты көтеріп, себебін көрсетеді; шешімді сіз қабылдайсыз.",
  "screen.ticked": "Бұл сөздер өмірге қауіпті тексеруге де сәйкес келді.",
  "screen.rule": "{rule} ережесі: {kind}",
  "screen.inMessage": "хабарлама авторының {when} жазған хатында",
  "screen.lower.title": "Шұғыл емес пе?",
  "screen.lower.hint":
    "Сөздер қауіп туралы болмаса (әзіл, ән, сөз орамы), хабарламаны қарапайымға ауыстырыңыз. Себебі қолжетімділік журналында сақталады.",
  "screen.lower.reason": "Хабарлама неге шұғыл емес",
  "screen.lower.submit": "Қарапайымға ауыстыру",
  "screen.lower.error": "Хабарлама неге шұғыл емес екенін жазыңыз.",
  "screen.lowered": "Қарапайымға ауыстырылды: {name}, {when}: {reason}",
  "audit.action.lower_urgency": "сөздерді тексеру шұғыл еткен хабарламаның шұғылдығын алып тастады:",
};

export const screeningMessages = { en, ru, kk };
