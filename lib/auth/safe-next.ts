/**
 * Where to go after signing in (`?next=`): only a path on this site, whatever was typed. Browsers
 * read `\` as `/` and drop tabs and line breaks inside a URL, so `/\evil.example` or `/\t/evil`
 * would leave the site; anything with a backslash or a control character (raw or percent-encoded
 * as %5C / %00-%1F / %7F) is refused outright, and what remains is resolved against a placeholder
 * origin and kept only if it stays there and doesn't start with `//` after resolution.
 */
const PLACEHOLDER = "http://caseline.invalid";
const UNSAFE = /[\\\u0000-\u001f\u007f]|%5c|%[01][0-9a-f]|%7f/i;

export function safeNextPath(next: unknown): string | null {
  if (typeof next !== "string" || next.length === 0 || next.length > 2048) return null;
  if (!next.startsWith("/") || next.startsWith("//") || UNSAFE.test(next)) return null;
  let url: URL;
  try {
    url = new URL(next, PLACEHOLDER);
  } catch {
    return null;
  }
  if (url.origin !== PLACEHOLDER) return null;
  const path = url.pathname + url.search + url.hash;
  return path.startsWith("/") && !path.startsWith("//") ? path : null;
}
