// The child's side of intake (issue #12): optional answers, truthful receipts, form tokens and
// a re-sent form. Children are addressed as сен / ты; en is the source of the typed keys.
const en = {
  "intake.requiredOnly": "Only “What happened?” is needed. Answer the rest only if you want to.",
  "intake.optional": "(you can skip this)",

  "intake.truth.urgentOpen": "Your message is urgent: the school psychologist is told about it right now and will read your words.",
  "intake.truth.urgentClosed":
    "Your message is urgent. School is closed now, so a duty psychologist on call is told about it right now and can read your words. Your school psychologist is told too, and again when school opens.",
  "intake.truth.calmOpen": "The school psychologist will read your message, usually the same school day or the next one.",
  "intake.truth.calmClosed":
    "School is closed now. The school psychologist will read your message when school opens, on the next school day.",
  "intake.next.urgent":
    "Open “I have a code” on the Senim page and enter your code whenever you can: an answer appears there as soon as it is written. If you are in danger, do not wait for it — call 112 or 111.",
  "intake.next.calm": "On the next school day, open “I have a code” on the Senim page and enter your code to read the answer.",

  "intake.error.formToken":
    "This page was open for too long, so your message was not sent yet. Everything you wrote is still here: just press “Send” again.",
  "intake.already.title": "Your message has already been received",
  "intake.already.body":
    "This page sent it once more, so it was not saved a second time. Your code was on the page you saw after sending. If you did not write it down, you can send a new message and note its new code.",
  "intake.already.again": "Write a new message",
};

type Messages = Record<keyof typeof en, string>;

const ru: Messages = {
  "intake.requiredOnly": "Обязательно ответить только на вопрос «Что произошло?». На остальные — только если хочешь.",
  "intake.optional": "(можно не отвечать)",

  "intake.truth.urgentOpen": "Твоё сообщение срочное: школьному психологу сообщают о нём прямо сейчас, и он(а) прочитает твои слова.",
  "intake.truth.urgentClosed":
    "Твоё сообщение срочное. Школа сейчас закрыта, поэтому о нём прямо сейчас сообщают дежурному психологу — он(а) может прочитать твои слова. Школьному психологу тоже сообщают, и ещё раз — когда откроется школа.",
  "intake.truth.calmOpen": "Твоё сообщение прочитает школьный психолог — обычно в тот же или на следующий школьный день.",
  "intake.truth.calmClosed":
    "Школа сейчас закрыта. Школьный психолог прочитает твоё сообщение, когда школа откроется, — в следующий школьный день.",
  "intake.next.urgent":
    "Открывай «У меня есть код» на странице Senim и вводи код, когда сможешь: ответ появится там, как только его напишут. Если тебе угрожает опасность, не жди ответа — звони 112 или 111.",
  "intake.next.calm": "В следующий школьный день открой «У меня есть код» на странице Senim и введи код, чтобы прочитать ответ.",

  "intake.error.formToken":
    "Эта страница была открыта слишком долго, поэтому сообщение ещё не отправлено. Всё, что ты написал(а), осталось здесь: просто нажми «Отправить» ещё раз.",
  "intake.already.title": "Твоё сообщение уже получено",
  "intake.already.body":
    "Эта страница отправила его ещё раз, поэтому второй раз оно не сохранено. Твой код был на странице, которую ты увидел(а) после отправки. Если ты его не записал(а), можешь отправить новое сообщение и записать новый код.",
  "intake.already.again": "Написать новое сообщение",
};

const kk: Messages = {
  "intake.requiredOnly": "Тек «Не болды?» деген сұраққа жауап беру керек. Қалғанына — қаласаң ғана.",
  "intake.optional": "(жауап бермеуге болады)",

  "intake.truth.urgentOpen": "Хабарламаң шұғыл: мектеп психологына ол туралы дәл қазір хабарланады, ол сенің сөздеріңді оқиды.",
  "intake.truth.urgentClosed":
    "Хабарламаң шұғыл. Мектеп қазір жабық, сондықтан ол туралы дәл қазір кезекші психологқа хабарланады — ол сенің сөздеріңді оқи алады. Мектеп психологына да хабарланады, мектеп ашылғанда тағы да еске салынады.",
  "intake.truth.calmOpen": "Хабарламаңды мектеп психологы оқиды — әдетте сол немесе келесі оқу күні.",
  "intake.truth.calmClosed": "Мектеп қазір жабық. Мектеп психологы хабарламаңды мектеп ашылғанда, келесі оқу күні оқиды.",
  "intake.next.urgent":
    "Қолың тигенде Senim бетінде «Менде код бар» бөлімін ашып, кодыңды енгіз: жауап жазылған бойда сонда пайда болады. Саған қауіп төніп тұрса, жауап күтпе — 112 немесе 111 нөміріне қоңырау шал.",
  "intake.next.calm": "Келесі оқу күні Senim бетінде «Менде код бар» бөлімін ашып, жауапты оқу үшін кодыңды енгіз.",

  "intake.error.formToken":
    "Бұл бет тым ұзақ ашық тұрды, сондықтан хабарламаң әлі жіберілген жоқ. Жазғаның бәрі осында сақталды: «Жіберу» түймесін тағы бір рет бас.",
  "intake.already.title": "Хабарламаң бұрын қабылданған",
  "intake.already.body":
    "Бұл бет оны тағы бір рет жіберді, сондықтан ол екінші рет сақталған жоқ. Кодың жіберген соң көрген бетте болды. Егер оны жазып алмасаң, жаңа хабарлама жіберіп, жаңа кодты жазып ал.",
  "intake.already.again": "Жаңа хабарлама жазу",
};

export const intakeMessages = { en, ru, kk };
