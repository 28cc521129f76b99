import type { CallList as CallListData } from "~/domain/escalation/phones.server";
import { formatPhone } from "~/domain/escalation/phone";
import { useT } from "~/i18n/i18n";

/** The people to call about an urgent report, each a tel: link a phone dials with one tap. */
export function CallList({ list, id }: { list: CallListData; id: string }) {
  const t = useT();
  const phone = (number: string) =>
    number ? <a href={`tel:${number}`}>{formatPhone(number)}</a> : <span className="hint">{t("ladder.call.noPhone")}</span>;
  return (
    <div className="call-list" data-call-list="">
      <h3 id={`call-${id}`}>{t("ladder.call.title")}</h3>
      <ul className="plain" aria-labelledby={`call-${id}`}>
        <li>
          {`${t("ladder.call.school")}:`} {phone(list.schoolPhone)}
        </li>
        {list.people.map((p, i) => (
          <li key={`${p.who}-${i}`}>
            {`${p.name}, ${t(`ladder.who.${p.who}`)}:`} {phone(p.phone)}
          </li>
        ))}
      </ul>
    </div>
  );
}
