// The daily digest: counts of what waits, in the app and by email; never a child's words.
const en = {
  "digest.title": "Waiting for you today",
  "digest.tasks": "Overdue case tasks: {count}",
  "digest.reports": "Reports unanswered for more than a day: {count}",
  "digest.referrals": "Referrals the services have not answered in time: {count}",
  "digest.mail.subject": "Senim: what waits for you today",
  "digest.mail.body":
    "Good morning. In Senim today:\n\nOverdue case tasks: {tasks}\nReports unanswered for more than a day: {reports}\nReferrals the services have not answered in time: {referrals}\n\nSign in to see them: {link}\n\nThis message carries no child's words or names.",
} satisfies Record<`digest.${string}`, string>;

type Messages = Record<keyof typeof en, string>;

const ru: Messages = {
  "digest.title": "Ждёт вас сегодня",
  "digest.tasks": "Просроченные задачи по случаям: {count}",
  "digest.reports": "Сообщения без ответа больше суток: {count}",
  "digest.referrals": "Направления, на которые службы не ответили в срок: {count}",
  "digest.mail.subject": "Senim: что ждёт вас сегодня",
  "digest.mail.body":
    "Доброе утро. В Senim сегодня:\n\nПросроченные задачи по случаям: {tasks}\nСообщения без ответа больше суток: {reports}\nНаправления, на которые службы не ответили в срок: {referrals}\n\nВойдите, чтобы их увидеть: {link}\n\nВ этом письме нет ни слов, ни имён детей.",
};

const kk: Messages = {
  "digest.title": "Бүгін сізді күтіп тұр",
  "digest.tasks": "Мерзімі өткен іс тапсырмалары: {count}",
  "digest.reports": "Бір тәуліктен астам жауапсыз хабарламалар: {count}",
  "digest.referrals": "Қызметтер уақтылы жауап бермеген жолдамалар: {count}",
  "digest.mail.subject": "Senim: бүгін сізді не күтіп тұр",
  "digest.mail.body":
    "Қайырлы таң. Бүгін Senim-де:\n\nМерзімі өткен іс тапсырмалары: {tasks}\nБір тәуліктен астам жауапсыз хабарламалар: {reports}\nҚызметтер уақтылы жауап бермеген жолдамалар: {referrals}\n\nКөру үшін кіріңіз: {link}\n\nБұл хатта балалардың сөздері де, есімдері де жоқ.",
};

export const digestMessages = { en, ru, kk };
