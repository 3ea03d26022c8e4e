import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import type { PostgresServer } from "../../tests/postgres/server";

/**
 * What the browser specs' own servers need besides Caseline: a fresh database on a throwaway
 * PostgreSQL cluster, and an SMTP sink. Free of Playwright, so e2e/global-setup.ts and
 * e2e/postgres-app.ts (a plain script) use them too.
 */

export type Delivery = {
  from: string;
  to: string[];
  subject: string;
  text: string;
  /** The threading headers a mail client reads (ids with their angle brackets). */
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  replyTo?: string;
};

/** A fresh database on the cluster; its URL. */
export async function createDatabase(cluster: PostgresServer, name: string) {
  const admin = new pg.Client({ connectionString: cluster.url("postgres") });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return cluster.url(name);
}

/**
 * A real SMTP server on 127.0.0.1 (`port`, or one the system picks) that hands every message it
 * accepts to `onMail` before it answers, so a message counts as sent only once it is recorded.
 * Fails if the port is taken.
 */
export async function startMailSink(onMail: (mail: Delivery) => void, port = 0) {
  const sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          onMail({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            subject: mail.subject ?? "",
            text: mail.text ?? "",
            messageId: mail.messageId,
            inReplyTo: mail.inReplyTo,
            references: [mail.references ?? []].flat(),
            replyTo: mail.replyTo?.value[0]?.address,
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    sink.once("error", reject);
    sink.listen(port, "127.0.0.1", () => {
      sink.off("error", reject);
      resolve();
    });
  });
  // A client (an app under test) cut off mid-conversation resets its connection; that must not end
  // the sink for every later message.
  sink.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "ECONNRESET" && error.code !== "EPIPE") console.error("[smtp sink]", error);
  });
  return {
    port: (sink.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => sink.close(() => resolve())),
  };
}
