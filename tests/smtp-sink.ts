import type { AddressInfo } from "node:net";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";

/** One message as the sink accepted it. */
export type SinkMessage = {
  /** SMTP envelope (MAIL FROM / RCPT TO). */
  envelopeFrom: string;
  envelopeTo: string[];
  /** Parsed headers. */
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  text: string;
  html: string;
  /** The whole message as received (headers and body). */
  raw: string;
};

export type SmtpSink = {
  /** smtp://127.0.0.1:PORT */
  url: string;
  port: number;
  /** Accepted messages, in the order the sink answered 250. */
  messages: SinkMessage[];
  /** Messages rejected with a 5xx (because of `failTimes`). */
  rejected: number;
  close(): Promise<void>;
};

export type SmtpSinkOptions = {
  /** Wait this long before answering each message's DATA (a slow server). */
  delayMs?: number;
  /** Reject this many messages first (554 after DATA), then accept. */
  failTimes?: number;
};

const addresses = (field: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) =>
    a.value.map((v) => v.address ?? ""),
  );

/**
 * A real SMTP server on 127.0.0.1 (random port) that keeps what it receives. A message counts as
 * received when the sink answers 250 for it, which is also when the sender learns it was taken.
 */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const { delayMs = 0 } = options;
  let failuresLeft = options.failTimes ?? 0;
  const messages: SinkMessage[] = [];
  const sink = { rejected: 0 };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    // No reverse DNS of 127.0.0.1 for every connection (it can take a while offline).
    disableReverseLookup: true,
    // Senders killed mid-message must not keep the server open.
    socketTimeout: 10_000,
    closeTimeout: 1_000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", (error) => callback(error));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        void simpleParser(raw)
          .then(async (parsed) => {
            if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
            if (failuresLeft > 0) {
              failuresLeft -= 1;
              sink.rejected += 1;
              const error = new Error("Mailbox unavailable (sink told to fail)") as Error & {
                responseCode: number;
              };
              error.responseCode = 554;
              callback(error);
              return;
            }
            messages.push({
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              from: addresses(parsed.from).join(", "),
              to: addresses(parsed.to),
              cc: addresses(parsed.cc),
              bcc: addresses(parsed.bcc),
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
              html: typeof parsed.html === "string" ? parsed.html : "",
              raw: raw.toString("utf8"),
            });
            callback();
          })
          .catch((error: unknown) => callback(error as Error));
      });
    },
  });
  // A sender that dies mid-conversation makes socket errors; they must not crash the test run.
  server.on("error", () => {});

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    get rejected() {
      return sink.rejected;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
