/**
 * User-controlled text (ticket titles, names, subjects given through the API, error messages that
 * echo them) must never add lines where only one is meant: a line break in a title would forge a
 * `Bcc:` header in an email or a fake entry in the server log. Every header value and every log
 * line built from such text goes through one of these two.
 */

// C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the bidi overrides
// (which can make a log line read differently from what it holds).
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;
const CONTROL_RUN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/gu;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** One line for an email header (subject, names): each run of control characters becomes a space. */
export function singleLine(text: string): string {
  return text.replace(CONTROL_RUN, " ").trim();
}

/** Text for one log line: control characters are shown escaped (`\n`, `\u001b`), never obeyed. */
export function escapeForLog(text: string): string {
  return text.replace(
    CONTROL,
    (c) => NAMED[c] ?? `\\u${c.codePointAt(0)!.toString(16).padStart(4, "0")}`,
  );
}
