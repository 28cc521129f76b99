// A flood of reports (issue #12): the inbox's pages, counts and banner, setting reports aside as
// not genuine, and the grouped alert of a burst. Staff only: сіз / вы. Never a child's words.
const en = {
  "flood.view.all": "All",
  "flood.view.open": "Not closed",
  "flood.view.urgent": "Urgent, not acknowledged",
  "flood.view.new": "New",
  "flood.view.in_progress": "In progress",
  "flood.view.closed": "Closed",
  "flood.view.not_genuine": "Not genuine",
  "flood.views": "Reports by status",
  "flood.pages": "Pages",
  "flood.page": "Page {page} of {pages}",
  "flood.previous": "Previous page",
  "flood.next": "Next page",
  "flood.banner.title": "Possible flood",
  "flood.banner.body":
    "{count} urgent reports arrived in {minutes} minutes. Urgent reports nobody has acknowledged are listed first, newest first: a real one may be among them. Reports you find not genuine can be selected and set aside; they can be restored.",
  "flood.banner.open": "Show the urgent reports",
  "flood.select": "Select report №{id}",
  "flood.selection": "With the selected reports",
  "flood.setAside": "Set the selected aside as not genuine",
  "flood.setAsidePage": "Set aside every report on this page",
  "flood.restore": "Restore the selected",
  "flood.restorePage": "Restore every report on this page",
  "flood.setAsideDone":
    "Reports set aside as not genuine: {count}. Their escalation has stopped; they are under “Not genuine” and can be restored.",
  "flood.restoreDone": "Reports restored: {count}. Their escalation resumes.",
  "flood.noneSelected": "Select at least one report first.",
  "flood.notGenuine": "Not genuine",
  "flood.notification.title": "Possible flood: {school}",
  "flood.notification.body":
    "{count} urgent reports in {minutes} minutes. Open the inbox: urgent reports nobody has acknowledged are listed first.",
  "flood.notification.open": "Open the urgent reports",
  "flood.mail.subject": "Senim: possible flood of urgent reports, {school}",
  "flood.mail.body":
    "{count} urgent reports at {school} in {minutes} minutes — possible flood.\n\nA real report may be among them. Open the inbox: urgent reports nobody has acknowledged are listed first, newest first.\n{link}\n\nYou get one message for this burst, not one per report. This message carries no child's words.",
  "audit.action.not_genuine": "set aside as not genuine",
  "audit.action.restore_genuine": "restored as genuine",
} satisfies Record<`flood.${string}` | `audit.action.${string}`, string>;

type Messages = Record<keyof typeof en, string>;

const ru: Messages = {
  "flood.view.all": "Все",
  "flood.view.open": "Незакрытые",
  "flood.view.urgent": "Срочные без подтверждения",
  "flood.view.new": "Новые",
  "flood.view.in_progress": "В работе",
  "flood.view.closed": "Закрытые",
  "flood.view.not_genuine": "Не настоящие",
  "flood.views": "Сообщения по статусу",
  "flood.pages": "Страницы",
  "flood.page": "Страница {page} из {pages}",
  "flood.previous": "Предыдущая страница",
  "flood.next": "Следующая страница",
  "flood.banner.title": "Возможен поток ложных сообщений",
  "flood.banner.body":
    "За {minutes} мин. пришло срочных сообщений: {count}. Срочные сообщения, которые никто не подтвердил, стоят первыми, новые сверху: среди них может быть настоящее. Сообщения, которые вы сочтёте ненастоящими, можно отметить и отложить; их можно вернуть.",
  "flood.banner.open": "Показать срочные сообщения",
  "flood.select": "Отметить сообщение №{id}",
  "flood.selection": "С отмеченными сообщениями",
  "flood.setAside": "Отложить отмеченные как ненастоящие",
  "flood.setAsidePage": "Отложить все сообщения на этой странице",
  "flood.restore": "Вернуть отмеченные",
  "flood.restorePage": "Вернуть все сообщения на этой странице",
  "flood.setAsideDone": "Отложено как ненастоящие: {count}. Их эскалация остановлена; они в разделе «Не настоящие», их можно вернуть.",
  "flood.restoreDone": "Возвращено сообщений: {count}. Их эскалация продолжается.",
  "flood.noneSelected": "Сначала отметьте хотя бы одно сообщение.",
  "flood.notGenuine": "Не настоящее",
  "flood.notification.title": "Возможен поток ложных сообщений: {school}",
  "flood.notification.body":
    "Срочных сообщений за {minutes} мин.: {count}. Откройте входящие: срочные сообщения, которые никто не подтвердил, стоят первыми.",
  "flood.notification.open": "Открыть срочные сообщения",
  "flood.mail.subject": "Senim: возможен поток срочных сообщений, {school}",
  "flood.mail.body":
    "{school}: за {minutes} мин. пришло срочных сообщений: {count} — возможен поток ложных сообщений.\n\nСреди них может быть настоящее. Откройте входящие: срочные сообщения, которые никто не подтвердил, стоят первыми, новые сверху.\n{link}\n\nОб этом потоке вы получаете одно письмо, а не письмо на каждое сообщение. В этом письме нет слов детей.",
  "audit.action.not_genuine": "отложил(а) как ненастоящее",
  "audit.action.restore_genuine": "вернул(а) как настоящее",
};

const kk: Messages = {
  "flood.view.all": "Барлығы",
  "flood.view.open": "Жабылмағандар",
  "flood.view.urgent": "Расталмаған шұғылдар",
  "flood.view.new": "Жаңа",
  "flood.view.in_progress": "Жұмыста",
  "flood.view.closed": "Жабылды",
  "flood.view.not_genuine": "Шынайы емес",
  "flood.views": "Күйі бойынша хабарламалар",
  "flood.pages": "Беттер",
  "flood.page": "{pages} беттің {page}-беті",
  "flood.previous": "Алдыңғы бет",
  "flood.next": "Келесі бет",
  "flood.banner.title": "Жалған хабарламалар ағыны болуы мүмкін",
  "flood.banner.body":
    "{minutes} минутта келген шұғыл хабарламалар: {count}. Ешкім растамаған шұғыл хабарламалар бірінші, жаңалары жоғарыда тұр: олардың арасында шынайысы болуы мүмкін. Шынайы емес деп санаған хабарламаларыңызды белгілеп, бөлек қоя аласыз; оларды қайтаруға болады.",
  "flood.banner.open": "Шұғыл хабарламаларды көрсету",
  "flood.select": "№{id} хабарламаны белгілеу",
  "flood.selection": "Белгіленген хабарламалармен",
  "flood.setAside": "Белгіленгендерді шынайы емес деп бөлек қою",
  "flood.setAsidePage": "Осы беттегі барлық хабарламаны бөлек қою",
  "flood.restore": "Белгіленгендерді қайтару",
  "flood.restorePage": "Осы беттегі барлық хабарламаны қайтару",
  "flood.setAsideDone":
    "Шынайы емес деп бөлек қойылды: {count}. Олардың эскалациясы тоқтады; олар «Шынайы емес» бөлімінде, оларды қайтаруға болады.",
  "flood.restoreDone": "Қайтарылған хабарламалар: {count}. Олардың эскалациясы жалғасады.",
  "flood.noneSelected": "Алдымен кемінде бір хабарламаны белгілеңіз.",
  "flood.notGenuine": "Шынайы емес",
  "flood.notification.title": "Жалған хабарламалар ағыны болуы мүмкін: {school}",
  "flood.notification.body":
    "{minutes} минуттағы шұғыл хабарламалар: {count}. Кіріс хабарламаларды ашыңыз: ешкім растамаған шұғыл хабарламалар бірінші тұр.",
  "flood.notification.open": "Шұғыл хабарламаларды ашу",
  "flood.mail.subject": "Senim: шұғыл хабарламалар ағыны болуы мүмкін, {school}",
  "flood.mail.body":
    "{school}: {minutes} минутта келген шұғыл хабарламалар: {count} — жалған хабарламалар ағыны болуы мүмкін.\n\nОлардың арасында шынайысы болуы мүмкін. Кіріс хабарламаларды ашыңыз: ешкім растамаған шұғыл хабарламалар бірінші, жаңалары жоғарыда тұр.\n{link}\n\nБұл ағын туралы сізге әр хабарлама үшін емес, бір ғана хат келеді. Бұл хатта балалардың сөздері жоқ.",
  "audit.action.not_genuine": "шынайы емес деп бөлек қойды",
  "audit.action.restore_genuine": "шынайы деп қайтарды",
};

export const floodMessages = { en, ru, kk };
