// Posters: the school's QR poster (printed in Kazakh and Russian whatever the page's language)
// and the pages that manage and print them.
const en = {
  "posters.nav": "Posters",
  "posters.title": "Posters with the school's QR code",
  "posters.intro":
    "Print an A4 poster for the school, or one for each building or floor: a report sent from a floor's poster tells you where it came from. Every poster is in Kazakh and Russian.",
  "posters.printSchool": "Print the school's poster",
  "posters.places": "Buildings and floors",
  "posters.placesNone": "No places yet: the school's poster serves the whole school.",
  "posters.printPlace": "Print the poster for {place}",
  "posters.addPlace": "Add a building or floor",
  "posters.placeLabel": "Name of the place",
  "posters.placeHint": 'As students know it, e.g. "Building 2, 3rd floor" (at most {max} characters).',
  "posters.add": "Add",
  "posters.added": "Added. Print its poster below.",
  "posters.error.label": "Write the place's name, at most {max} characters.",
  "posters.printAll": "Print the posters of all {count} schools",
  "posters.printHint": "Use your browser's Print (A4, portrait). Each poster is one page.",
  "posters.printButtonHint": "This page is ready to print: use your browser's Print command (Ctrl+P).",
  "posters.fromPlace": "Sent from the poster at: {place}",
  "posters.poster.scan": "Scan the code or type the address",
  "posters.poster.schoolCode": "School code",
} satisfies Record<`posters.${string}`, string>;

type Messages = Record<keyof typeof en, string>;

const ru: Messages = {
  "posters.nav": "Плакаты",
  "posters.title": "Плакаты с QR-кодом школы",
  "posters.intro":
    "Напечатайте плакат А4 для школы или отдельный для каждого корпуса или этажа: по сообщению с плаката этажа видно, откуда оно пришло. Каждый плакат — на казахском и русском.",
  "posters.printSchool": "Напечатать плакат школы",
  "posters.places": "Корпуса и этажи",
  "posters.placesNone": "Мест пока нет: плакат школы служит всей школе.",
  "posters.printPlace": "Напечатать плакат для места «{place}»",
  "posters.addPlace": "Добавить корпус или этаж",
  "posters.placeLabel": "Название места",
  "posters.placeHint": "Так, как его знают ученики, например «Корпус 2, 3 этаж» (не больше {max} знаков).",
  "posters.add": "Добавить",
  "posters.added": "Добавлено. Напечатайте его плакат ниже.",
  "posters.error.label": "Напишите название места, не больше {max} знаков.",
  "posters.printAll": "Напечатать плакаты всех школ ({count})",
  "posters.printHint": "Используйте печать браузера (А4, книжная). Каждый плакат — одна страница.",
  "posters.printButtonHint": "Страница готова к печати: используйте команду печати браузера (Ctrl+P).",
  "posters.fromPlace": "Отправлено с плаката: {place}",
  "posters.poster.scan": "Отсканируй код или набери адрес",
  "posters.poster.schoolCode": "Код школы",
};

const kk: Messages = {
  "posters.nav": "Плакаттар",
  "posters.title": "Мектептің QR коды бар плакаттар",
  "posters.intro":
    "Мектепке арналған А4 плакатты немесе әр ғимаратқа не қабатқа бөлек плакат басып шығарыңыз: қабат плакатынан келген хабарламадан оның қайдан келгені көрінеді. Әр плакат қазақ және орыс тілдерінде.",
  "posters.printSchool": "Мектеп плакатын басып шығару",
  "posters.places": "Ғимараттар мен қабаттар",
  "posters.placesNone": "Әзірге орын жоқ: мектеп плакаты бүкіл мектепке қызмет етеді.",
  "posters.printPlace": "«{place}» орнына плакат басып шығару",
  "posters.addPlace": "Ғимарат немесе қабат қосу",
  "posters.placeLabel": "Орынның атауы",
  "posters.placeHint": "Оқушылар білетіндей, мысалы «2-ғимарат, 3-қабат» ({max} таңбадан аспасын).",
  "posters.add": "Қосу",
  "posters.added": "Қосылды. Оның плакатын төменнен басып шығарыңыз.",
  "posters.error.label": "Орынның атауын жазыңыз, {max} таңбадан аспасын.",
  "posters.printAll": "Барлық {count} мектептің плакаттарын басып шығару",
  "posters.printHint": "Браузердің басып шығару командасын қолданыңыз (А4, тік). Әр плакат — бір бет.",
  "posters.printButtonHint": "Бет басып шығаруға дайын: браузердің басып шығару командасын қолданыңыз (Ctrl+P).",
  "posters.fromPlace": "Мына плакаттан жіберілді: {place}",
  "posters.poster.scan": "Кодты сканерле немесе мекенжайды тер",
  "posters.poster.schoolCode": "Мектеп коды",
};

export const postersMessages = { en, ru, kk };
