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
