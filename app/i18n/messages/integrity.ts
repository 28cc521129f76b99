// When storage fails (a region cannot be written or read): the 503 pages and the report form's
// "not saved" warning, in every language; en is the source of the typed keys. Children: сен / ты.
const en = {
  "integrity.unavailable.child":
    "Something is broken on our side: this page cannot be saved or shown right now. Try again in a few minutes. If you are in danger, call 112 or 111 now.",
  "integrity.unavailable.staff":
    "Because of a fault on our side, this page cannot be saved or shown right now. Please try again in a few minutes; the administrator has been told by the server's health check.",
  "integrity.unsaved.title": "We could not save your report",
  "integrity.unsaved.call": "If you or someone else is in danger, call 112 or 111 now. They answer day and night, for free.",
  "integrity.unsaved.retry": "Your words are still in the form below. Try sending it again in a few minutes.",
  "integrity.formDown.title": "Reports cannot be received right now",
};

const ru: Record<keyof typeof en, string> = {
  "integrity.unavailable.child":
    "У нас что-то сломалось: эту страницу сейчас не получается сохранить или показать. Попробуй через несколько минут. Если тебе угрожает опасность, позвони прямо сейчас 112 или 111.",
  "integrity.unavailable.staff":
    "Из-за сбоя на нашей стороне эту страницу сейчас нельзя сохранить или показать. Попробуйте через несколько минут; проверка состояния сервера уже сообщила администратору.",
  "integrity.unsaved.title": "Мы не смогли сохранить твоё сообщение",
  "integrity.unsaved.call":
    "Если тебе или кому-то другому угрожает опасность, позвони прямо сейчас 112 или 111. Там отвечают днём и ночью, бесплатно.",
  "integrity.unsaved.retry": "Твой текст остался в форме ниже. Попробуй отправить его ещё раз через несколько минут.",
  "integrity.formDown.title": "Сейчас сообщения не принимаются",
};

const kk: Record<keyof typeof en, string> = {
  "integrity.unavailable.child":
    "Бізде бірдеңе бұзылды: бұл бетті қазір сақтау не көрсету мүмкін емес. Бірнеше минуттан кейін қайта көр. Саған қауіп төнсе, дәл қазір 112 немесе 111-ге қоңырау шал.",
  "integrity.unavailable.staff":
    "Біз жақтағы ақауға байланысты бұл бетті қазір сақтау не көрсету мүмкін емес. Бірнеше минуттан кейін қайта көріңіз; сервердің күйін тексеру әкімшіге хабарлады.",
  "integrity.unsaved.title": "Хабарламаңды сақтай алмадық",
  "integrity.unsaved.call":
    "Саған немесе басқа біреуге қауіп төнсе, дәл қазір 112 немесе 111-ге қоңырау шал. Олар күндіз-түні тегін жауап береді.",
  "integrity.unsaved.retry": "Жазғаның төмендегі формада қалды. Бірнеше минуттан кейін қайта жіберіп көр.",
  "integrity.formDown.title": "Қазір хабарламалар қабылданбайды",
};

export const integrityMessages = { en, ru, kk };
