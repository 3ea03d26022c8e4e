/** What is wrong with an IMAP mailbox URL, or null (docs/email.md#mailboxes). */
export function imapUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "is not a valid URL (imaps://user:password@imap.example.com/INBOX)";
  }
  if (url.protocol !== "imap:" && url.protocol !== "imaps:")
    return "must start with imap:// or imaps:// (imaps://user:password@imap.example.com/INBOX)";
  if (!url.hostname) return "names no host (imaps://user:password@imap.example.com/INBOX)";
  if (!url.username) return "names no user (imaps://user:password@imap.example.com/INBOX)";
  return null;
}
