import type { SafeHtml } from "@/lib/rich-text/sanitize";
import { cn } from "./cn";
import "./rich-text.css";

/**
 * A message's HTML, as lib/rich-text rendered and sanitized it (a reply's `bodyHtml`, the
 * composer's preview): the one place the portal sets inner HTML, and only from a SafeHtml.
 * A code block that scrolls sideways can take the keyboard's focus, so it can be scrolled without
 * a mouse (the sanitizer lets no attribute onto <pre>, so the tag is always exactly that).
 */
export function RichText({ html, className }: { html: SafeHtml; className?: string }) {
  return (
    <div
      className={cn("rich-text", className)}
      dangerouslySetInnerHTML={{ __html: html.replaceAll("<pre>", '<pre tabindex="0">') }}
    />
  );
}
