import { restoreSecretLink } from "@/lib/notifications/secret-links";
import type { EmailOf } from "@/lib/notifications/templates";

/**
 * The working link of a queued single-use-link email, as the worker restores it to send (the row
 * stores it sealed and shows it redacted: lib/notifications/secret-links.ts).
 */
export function sentLink(row: { template: string; data: string }): URL {
  const link = restoreSecretLink({ template: row.template, data: JSON.parse(row.data) } as EmailOf);
  if (!link) throw new Error(`no single-use link in this ${row.template} email`);
  return new URL(link.real);
}
