import { SMTPServer, type SMTPServerDataStream } from "smtp-server";
import { env } from "@/lib/env";
import { logger } from "@/lib/log.mjs";
import { isSupportAddress, mailDomain } from "./addresses";
import { ingestEmail } from "./ingest";

/**
 * Caseline's own SMTP receiver (docs/email.md#two-ways-in), off unless INBOUND_SMTP_PORT is set:
 * an MX record or a forwarding rule delivers straight to it. It takes mail only for SUPPORT_EMAIL
 * and its plus-addresses, refuses a message over INBOUND_MAX_BYTES while it is sent (552), and
 * answers 250 only once the message is recorded; if it can't be recorded (the database is down)
 * it answers 451, and the sending server tries again later. Nothing is lost either way.
 */

export type ReceiverStatus = {
  listening: boolean;
  host: string;
  port: number;
  received: number;
  refused: number;
  lastError: string | null;
  startedAt: string | null;
};

export class SmtpReceiver {
  private server: SMTPServer | undefined;
  readonly status: ReceiverStatus;

  constructor(
    private readonly host = env().INBOUND_SMTP_HOST,
    private readonly port = env().INBOUND_SMTP_PORT ?? 2525,
  ) {
    this.status = {
      listening: false,
      host,
      port,
      received: 0,
      refused: 0,
      lastError: null,
      startedAt: null,
    };
  }

  async start(): Promise<void> {
    const maxBytes = env().INBOUND_MAX_BYTES;
    const server = new SMTPServer({
      name: mailDomain(),
      banner: "Caseline support mail",
      size: maxBytes,
      // Mail is delivered to it, not submitted through it: no login, no relaying.
      authOptional: true,
      disabledCommands: ["AUTH", "STARTTLS"],
      logger: false,
      maxClients: 50,
      socketTimeout: 60_000,
      onRcptTo: (address, _session, callback) => {
        if (isSupportAddress(address.address)) return callback();
        this.status.refused += 1;
        const error = new Error(`No mailbox here for ${address.address}`) as Error & {
          responseCode: number;
        };
        error.responseCode = 550;
        callback(error);
      },
      onData: (stream, session, callback) => {
        void this.take(
          stream,
          session.envelope.rcptTo.map((r) => r.address),
        ).then(
          (reply) => callback(null, reply),
          (error: Error & { responseCode?: number }) => callback(error),
        );
      },
    });
    server.on("error", (error) => {
      this.status.lastError = error.message;
      logger.warn({ error: error.message }, "inbound SMTP receiver error");
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, this.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.server = server;
    this.status.listening = true;
    this.status.startedAt = new Date().toISOString();
    const address = server.server.address();
    if (address && typeof address === "object") this.status.port = address.port;
  }

  private async take(stream: SMTPServerDataStream, recipients: string[]): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    if (stream.sizeExceeded) {
      this.status.refused += 1;
      throw Object.assign(
        new Error(
          `Message too large: the limit is ${Math.round(env().INBOUND_MAX_BYTES / 1_048_576)} MiB`,
        ),
        { responseCode: 552 },
      );
    }
    try {
      const outcome = await ingestEmail(Buffer.concat(chunks), { channel: "smtp", recipients });
      this.status.received += 1;
      return `Received: ${outcome.status.toLowerCase()}${outcome.ticketNumber ? ` #${outcome.ticketNumber}` : ""}`;
    } catch (error) {
      this.status.lastError = error instanceof Error ? error.message : String(error);
      logger.error({ error: this.status.lastError }, "inbound email could not be recorded");
      throw Object.assign(new Error("Temporary failure, try again later"), { responseCode: 451 });
    }
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.status.listening = false;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
