import MailComposer from "nodemailer/lib/mail-composer";
import type Mail from "nodemailer/lib/mailer";
import { resetEnvForTesting } from "@/lib/env";

/**
 * Real RFC 5322 messages for the email-channel tests, built by nodemailer's composer (the same
 * code that writes the mail Caseline sends), so what the ingestion reads is what mail servers carry.
 */
export const SUPPORT = "support@help.example.test";

let counter = 0;
/** A Message-ID no other test uses. */
export const newMessageId = (tag = "m") =>
  `<${tag}-${process.pid}-${Date.now().toString(36)}-${++counter}@customer.example.test>`;

export type Compose = Mail.Options & { headers?: Record<string, string> };

export async function compose(options: Compose): Promise<Buffer> {
  return await new MailComposer({
    to: SUPPORT,
    messageId: newMessageId(),
    date: new Date(),
    text: "Hello",
    ...options,
  })
    .compile()
    .build();
}

/** A delivery status notification (RFC 3464) saying mail to `recipient` bounced. */
export function bounceFor(recipient: string, originalMessageId: string): Buffer {
  const boundary = "bounce-boundary-1";
  return Buffer.from(
    [
      "From: Mail Delivery System <MAILER-DAEMON@mx.example.test>",
      `To: ${SUPPORT}`,
      "Subject: Undelivered Mail Returned to Sender",
      `Message-ID: ${newMessageId("bounce")}`,
      "Auto-Submitted: auto-replied",
      "MIME-Version: 1.0",
      `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
      "",
      `--${boundary}`,
      "Content-Type: text/plain",
      "",
      "Your message could not be delivered.",
      `--${boundary}`,
      "Content-Type: message/delivery-status",
      "",
      "Reporting-MTA: dns; mx.example.test",
      "",
      `Final-Recipient: rfc822; ${recipient}`,
      "Action: failed",
      "Status: 5.1.1",
      `--${boundary}`,
      "Content-Type: text/rfc822-headers",
      "",
      `Message-ID: ${originalMessageId}`,
      `--${boundary}--`,
      "",
    ].join("\r\n"),
  );
}

/** The smallest valid PNG (1×1). */
export const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
  "hex",
);

/** Sets (or, for undefined, removes) environment variables and makes env() read them again. */
export function setEnv(values: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvForTesting();
}
