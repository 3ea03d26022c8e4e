import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startMailSink } from "./support/servers";

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
  const sink = await startMailSink(({ from: _from, ...mail }) => {
    count += 1;
    writeFileSync(
      path.join(MAIL_DIR, `${String(count).padStart(5, "0")}.json`),
      JSON.stringify(mail),
    );
  }, SMTP_PORT);
  return async () => {
    await sink.close();
  };
}
