// Step-up: changing how one signs in asks again for the password or a current code.
const en = {
  "secrets.stepUp.label": "Your password, or a code from the authenticator you use now",
  "secrets.stepUp.hint": "Asked again so that a session left open on another computer cannot take over your account.",
  "secrets.stepUp.missing": "Enter your password or a current code to make this change.",
  "secrets.stepUp.wrong": "That is not your password or a current code. Nothing was changed.",
} satisfies Record<`secrets.${string}`, string>;

type Messages = Record<keyof typeof en, string>;

const ru: Messages = {
  "secrets.stepUp.label": "Ваш пароль или код из приложения-аутентификатора, которым вы пользуетесь сейчас",
  "secrets.stepUp.hint":
    "Мы спрашиваем снова, чтобы сеанс, оставленный открытым на другом компьютере, не мог завладеть вашей учётной записью.",
  "secrets.stepUp.missing": "Чтобы внести это изменение, введите пароль или текущий код.",
  "secrets.stepUp.wrong": "Это не ваш пароль и не текущий код. Ничего не изменено.",
};

const kk: Messages = {
  "secrets.stepUp.label": "Құпиясөзіңіз немесе қазір қолданып жүрген аутентификатор қосымшасының коды",
  "secrets.stepUp.hint": "Басқа компьютерде ашық қалған сеанс есептік жазбаңызды басып ала алмауы үшін қайта сұраймыз.",
  "secrets.stepUp.missing": "Бұл өзгерісті енгізу үшін құпиясөзді немесе ағымдағы кодты енгізіңіз.",
  "secrets.stepUp.wrong": "Бұл сіздің құпиясөзіңіз де, ағымдағы код та емес. Ештеңе өзгертілмеді.",
};

export const secretsMessages = { en, ru, kk };
