import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** Where the e2e server's email arrives: a real SMTP conversation, one JSON file per message. */
export const MAIL_DIR = path.resolve("data/e2e-mail");
export const SMTP_PORT = Number(process.env.E2E_SMTP_PORT || 2526);

/**
 * Starts a local SMTP server for the browser tests: the app under test sends through its outbox
 * worker over SMTP, and tests read what arrived (links in emails included).
 */
export default async function globalSetup() {
  rmSync(MAIL_DIR, { recursive: true, force: true });
  mkdirSync(MAIL_DIR, { recursive: true });
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          count += 1;
          const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
          writeFileSync(
            path.join(MAIL_DIR, `${String(count).padStart(5, "0")}.json`),
            JSON.stringify({ to, subject: mail.subject ?? "", text: mail.text ?? "" }),
          );
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  // A client (the app under test) cut off mid-conversation resets its connection; that must not
  // end the sink for every later test.
  server.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "ECONNRESET" && error.code !== "EPIPE") console.error("[smtp sink]", error);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(SMTP_PORT, "127.0.0.1", () => resolve());
  });
  return async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}
