import type { NextFunction, Request, Response } from "express";
import { isStorageFailure, storageReason } from "../../db/storage.server";

/**
 * Errors that reach Express itself (a body cut short, a failure in the fast intake before
 * Remix): one plain trilingual line instead of Express's English page with a stack. A
 * client's error is the client's: 4xx, nothing printed. Storage failures are 503, one line
 * printed. Nothing about the request (address, path, body) is printed.
 */
export function lastResortErrors(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(error);
  const status = Number((error as { status?: unknown; statusCode?: unknown })?.status ?? (error as { statusCode?: unknown })?.statusCode);
  const clientError =
    (Number.isInteger(status) && status >= 400 && status < 500) ||
    (error as { code?: string })?.code === "ECONNRESET" ||
    /body longer than declared|aborted/i.test(String((error as Error)?.message));
  let code = 500;
  let words =
    "Бізде ақау шықты. Бір минуттан кейін қайта көріңіз. / У нас сбой. Попробуйте через минуту. / Something went wrong on our side. Try again in a minute.";
  if (clientError) {
    code = Number.isInteger(status) && status >= 400 && status < 500 ? status : 400;
    words =
      "Сұраным толық келмеді. Қайта жіберіңіз. / Запрос пришёл не полностью. Отправьте ещё раз. / The request did not arrive whole. Please send it again.";
  } else if (isStorageFailure(error)) {
    code = 503;
    console.error(`Senim: storage failure: ${storageReason(error)}`);
    words =
      "Қазір сақтай алмаймыз. Қауіп төнсе, 112 немесе 111-ге қоңырау шал. / Сейчас не можем сохранить. Если опасно — звони 112 или 111. / We cannot save right now. If you are in danger, call 112 or 111.";
  } else {
    console.error(error);
  }
  res.status(code).type("text/plain; charset=utf-8").send(words);
}
