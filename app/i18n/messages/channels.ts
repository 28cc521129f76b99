// How notifications reach staff outside the app (e-mail, SMS, Telegram); never a child's words or names.
const en = {
  "channels.section": "Notifications outside the app",
  "channels.lead": "Urgent reports and the morning digest always appear here in Senim. Choose where else they reach you.",
  "channels.privacy": "These messages carry the school, the kind of danger and a sign-in link, never a child's words or names.",
  "channels.email": "E-mail",
  "channels.sms": "SMS to my phone",
  "channels.telegram": "Telegram",
  "channels.notConfigured": "Not set up on this server yet.",
  "channels.noPhone": "Needs your phone number on this account.",
  "channels.notLinked": "Link your Telegram below first.",
  "channels.submit": "Save my channels",
  "channels.saved": "Your channels are saved.",
  "channels.telegram.section": "Telegram",
  "channels.telegram.isLinked": "Your Telegram is linked to this account.",
  "channels.telegram.isNotLinked": "Telegram is not linked to this account.",
  "channels.telegram.getCode": "Get a link code",
  "channels.telegram.code": "Your one-time code",
  "channels.telegram.howTo": "Send this code to the bot @{bot} within {minutes} minutes, or open the link on your phone.",
  "channels.telegram.howToNoName": "Send this code to the Senim bot within {minutes} minutes.",
  "channels.telegram.open": "Open @{bot} in Telegram",
  "channels.telegram.unlink": "Unlink Telegram",
  "channels.telegram.unlinked": "Telegram is unlinked.",
  "channels.telegram.linked":
    "Senim: this chat is now linked to your account. Urgent reports will reach you here: the school and the kind of danger, never the child's words.",
  "channels.telegram.unknown": "Senim: this code is unknown or has expired. Get a new one on your account page.",
  "channels.sms.urgent": "Senim: urgent report No. {id}, {school}: {categories}. Sign in: {link}",
} satisfies Record<`channels.${string}`, string>;

type Messages = Record<keyof typeof en, string>;

const ru: Messages = {
  "channels.section": "Уведомления вне приложения",
  "channels.lead": "Срочные сообщения и утренняя сводка всегда видны здесь, в Senim. Выберите, куда ещё их присылать.",
  "channels.privacy": "В этих уведомлениях — школа, вид опасности и ссылка для входа, но никогда не слова и не имена детей.",
  "channels.email": "Электронная почта",
  "channels.sms": "SMS на мой телефон",
  "channels.telegram": "Telegram",
  "channels.notConfigured": "На этом сервере пока не настроено.",
  "channels.noPhone": "Нужен номер телефона в этой учётной записи.",
  "channels.notLinked": "Сначала привяжите Telegram ниже.",
  "channels.submit": "Сохранить каналы",
  "channels.saved": "Ваши каналы сохранены.",
  "channels.telegram.section": "Telegram",
  "channels.telegram.isLinked": "Ваш Telegram привязан к этой учётной записи.",
  "channels.telegram.isNotLinked": "Telegram не привязан к этой учётной записи.",
  "channels.telegram.getCode": "Получить код привязки",
  "channels.telegram.code": "Ваш одноразовый код",
  "channels.telegram.howTo": "Отправьте этот код боту @{bot} в течение {minutes} минут или откройте ссылку на телефоне.",
  "channels.telegram.howToNoName": "Отправьте этот код боту Senim в течение {minutes} минут.",
  "channels.telegram.open": "Открыть @{bot} в Telegram",
  "channels.telegram.unlink": "Отвязать Telegram",
  "channels.telegram.unlinked": "Telegram отвязан.",
  "channels.telegram.linked":
    "Senim: этот чат привязан к вашей учётной записи. Срочные сообщения будут приходить сюда: школа и вид опасности, никогда не слова ребёнка.",
  "channels.telegram.unknown": "Senim: код неизвестен или устарел. Получите новый на странице учётной записи.",
  "channels.sms.urgent": "Senim: срочное сообщение № {id}, {school}: {categories}. Вход: {link}",
};

const kk: Messages = {
  "channels.section": "Қосымшадан тыс хабарландырулар",
  "channels.lead": "Шұғыл хабарламалар мен таңғы шолу әрқашан осында, Senim-де көрінеді. Оларды тағы қайда жіберу керегін таңдаңыз.",
  "channels.privacy":
    "Бұл хабарландыруларда мектеп, қауіп түрі және кіру сілтемесі бар, бірақ балалардың сөздері мен есімдері ешқашан болмайды.",
  "channels.email": "Электрондық пошта",
  "channels.sms": "Телефоныма SMS",
  "channels.telegram": "Telegram",
  "channels.notConfigured": "Бұл серверде әлі бапталмаған.",
  "channels.noPhone": "Бұл есептік жазбада телефон нөміріңіз қажет.",
  "channels.notLinked": "Алдымен төменде Telegram-ды байланыстырыңыз.",
  "channels.submit": "Арналарымды сақтау",
  "channels.saved": "Арналарыңыз сақталды.",
  "channels.telegram.section": "Telegram",
  "channels.telegram.isLinked": "Telegram-ыңыз осы есептік жазбаға байланыстырылған.",
  "channels.telegram.isNotLinked": "Telegram осы есептік жазбаға байланыстырылмаған.",
  "channels.telegram.getCode": "Байланыстыру кодын алу",
  "channels.telegram.code": "Бір реттік кодыңыз",
  "channels.telegram.howTo": "Бұл кодты {minutes} минут ішінде @{bot} ботына жіберіңіз немесе сілтемені телефоныңызда ашыңыз.",
  "channels.telegram.howToNoName": "Бұл кодты {minutes} минут ішінде Senim ботына жіберіңіз.",
  "channels.telegram.open": "Telegram-да @{bot} ашу",
  "channels.telegram.unlink": "Telegram-ды ажырату",
  "channels.telegram.unlinked": "Telegram ажыратылды.",
  "channels.telegram.linked":
    "Senim: бұл чат есептік жазбаңызға байланыстырылды. Шұғыл хабарламалар осында келеді: мектеп пен қауіп түрі, баланың сөздері ешқашан емес.",
  "channels.telegram.unknown": "Senim: бұл код белгісіз немесе мерзімі өткен. Есептік жазба бетінен жаңасын алыңыз.",
  "channels.sms.urgent": "Senim: шұғыл хабарлама № {id}, {school}: {categories}. Кіру: {link}",
};

export const channelsMessages = { en, ru, kk };
