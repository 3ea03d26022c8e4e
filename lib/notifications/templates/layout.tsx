import {
  Body,
  Button,
  Container,
  Head,
  Hr,
  Html,
  Preview,
  Section,
  Text,
} from "@react-email/components";
import { Fragment, type ReactNode } from "react";
import { renderMarkdown } from "@/lib/rich-text/markdown";
import type { SafeHtml } from "@/lib/rich-text/sanitize";

const page = {
  backgroundColor: "#f4f4f5",
  fontFamily: "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
  color: "#18181b",
};
const card = {
  backgroundColor: "#ffffff",
  borderRadius: "8px",
  margin: "24px auto",
  maxWidth: "560px",
  padding: "24px 28px",
};

/** The frame every Caseline email shares: preview line, card, footer. */
export function EmailLayout({ preview, children }: { preview: string; children: ReactNode }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={page}>
        <Container style={card}>
          <Text style={{ fontSize: "14px", fontWeight: 700, color: "#4f46e5", margin: 0 }}>
            Caseline
          </Text>
          {children}
          <Hr style={{ borderColor: "#e4e4e7", margin: "24px 0 12px" }} />
          <Text style={{ fontSize: "12px", color: "#71717a", margin: 0 }}>
            You get this email because of your account on Caseline. Reply in Caseline, not to this
            email.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export function Heading({ children }: { children: ReactNode }) {
  return (
    <Text style={{ fontSize: "20px", fontWeight: 600, margin: "16px 0 8px" }}>{children}</Text>
  );
}

export function Paragraph({ children }: { children: ReactNode }) {
  return <Text style={{ fontSize: "15px", lineHeight: "22px", margin: "8px 0" }}>{children}</Text>;
}

/** A quoted block of user text, kept as typed (line breaks survive in the text part too). */
export function Quote({ children }: { children: string }) {
  const lines = children.split(/\r?\n/);
  return (
    <Section style={{ borderLeft: "3px solid #d4d4d8", paddingLeft: "12px", margin: "12px 0" }}>
      <Text style={{ fontSize: "14px", lineHeight: "21px", margin: 0 }}>
        {lines.map((line, i) => (
          <Fragment key={i}>
            {i > 0 ? <br /> : null}
            {line}
          </Fragment>
        ))}
      </Text>
    </Section>
  );
}

/** Inline styles for the tags a rendered message holds: many mail clients drop <style> blocks. */
const MESSAGE_STYLES: Record<string, string> = {
  p: "margin:0 0 8px",
  h3: "font-size:16px;margin:12px 0 6px",
  h4: "font-size:15px;margin:12px 0 6px",
  h5: "font-size:14px;margin:12px 0 6px",
  h6: "font-size:14px;margin:12px 0 6px",
  ul: "margin:0 0 8px;padding-left:22px",
  ol: "margin:0 0 8px;padding-left:22px",
  blockquote: "margin:0 0 8px;padding-left:10px;border-left:3px solid #e4e4e7;color:#52525b",
  pre: "margin:0 0 8px;padding:8px 10px;background:#f4f4f5;border-radius:4px;white-space:pre-wrap;word-break:break-word;font-size:13px",
  code: "font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px",
  a: "color:#4f46e5",
  table: "border-collapse:collapse;margin:0 0 8px",
  th: "border:1px solid #e4e4e7;padding:4px 8px;text-align:left",
  td: "border:1px solid #e4e4e7;padding:4px 8px",
};
const STYLED_TAG = new RegExp(`<(${Object.keys(MESSAGE_STYLES).join("|")})(?=[\\s>/])`, "g");

/**
 * Adds a constant style to each tag of sanitized HTML. Safe on that input only: the sanitizer
 * escapes every "<" in text and attribute values, so "<tag" can only start a tag.
 */
const styled = (html: SafeHtml) =>
  html.replace(STYLED_TAG, (_, tag: string) => `<${tag} style="${MESSAGE_STYLES[tag]}"`);

/**
 * A message written in Markdown (docs/tickets.md#formatting), quoted: rendered and sanitized in the
 * HTML part; in the text part the source exactly as written (a <pre> keeps its spacing there).
 */
export function MarkdownQuote({ source, part }: { source: string; part: "html" | "text" }) {
  return (
    <Section style={{ borderLeft: "3px solid #d4d4d8", paddingLeft: "12px", margin: "12px 0" }}>
      {part === "html" ? (
        <div
          style={{ fontSize: "14px", lineHeight: "21px" }}
          dangerouslySetInnerHTML={{ __html: styled(renderMarkdown(source)) }}
        />
      ) : (
        <pre>{source}</pre>
      )}
    </Section>
  );
}

export function Action({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Section style={{ margin: "20px 0 8px" }}>
      <Button
        href={href}
        style={{
          backgroundColor: "#4f46e5",
          borderRadius: "6px",
          color: "#ffffff",
          fontSize: "14px",
          fontWeight: 600,
          padding: "10px 16px",
        }}
      >
        {children}
      </Button>
      <Text style={{ fontSize: "12px", color: "#71717a", margin: "12px 0 0" }}>
        Or open this address: {href}
      </Text>
    </Section>
  );
}
