export type ConversationMessage = { id: number; author: "reporter" | "staff"; who: string; at: string; body: string };

/** The anonymous two-way conversation, as both the reporter and the psychologist see it. */
export function Conversation({ messages, empty }: { messages: ConversationMessage[]; empty: string }) {
  if (messages.length === 0) return <p>{empty}</p>;
  return (
    <ol className="conversation">
      {messages.map((m) => (
        <li key={m.id} className={m.author}>
          <p className="who">
            {m.who} · {m.at}
          </p>
          <p className="body">{m.body}</p>
        </li>
      ))}
    </ol>
  );
}
