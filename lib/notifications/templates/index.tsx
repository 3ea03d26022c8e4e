import type { ReactElement } from "react";
import { PRIORITY_LABEL, type Priority } from "@/lib/tickets/statuses";
import { Action, EmailLayout, Heading, MarkdownQuote, Paragraph, Quote } from "./layout";
import { singleLine } from "@/lib/safe-text";

/** What a ticket email shows of its ticket: nothing internal ever goes in here. */
export type TicketSummary = {
  number: number;
  title: string;
  status: string;
  ticketPriority: number;
  url: string;
};

export type TemplateData = {
  "ticket-created": {
    ticket: TicketSummary & { description: string };
    /** The reporter gets a receipt; staff get the ticket to work on. */
    audience: "reporter" | "staff";
    reporterName: string;
    assigneeName: string | null;
  };
  "ticket-updated": {
    ticket: TicketSummary;
    actorName: string;
    changes: { label: string; from: string; to: string }[];
  };
  "ticket-replied": { ticket: TicketSummary; authorName: string; body: string };
  "no-engineer": { ticket: TicketSummary; reporterName: string };
  "registration-request": { name: string; userId: string; email: string; reviewUrl: string };
  "account-decision": {
    name: string;
    decision: "APPROVED" | "REJECTED";
    role: string;
    signinUrl: string;
  };
  "verify-email": { name: string; url: string };
  "password-reset": { name: string; url: string; expiresInMinutes: number };
  invitation: { name: string; userId: string; url: string; expiresInDays: number };
  "meeting-scheduled": {
    name: string;
    kind: string;
    title: string;
    /** Already formatted for the reader, with its time zone. */
    when: string;
    ownerName: string;
    notes: string | null;
    change: "scheduled" | "rescheduled" | "cancelled";
  };
  /** An email Caseline won't take (docs/email.md#who-may-write-in): said once, politely. */
  "email-refused": {
    reason: "unknown" | "inactive";
    subject: string | null;
    signupUrl: string;
  };
  /** Content given through the notification API: sent as given. */
  custom: { text: string; html?: string };
};

export type TemplateName = keyof TemplateData;
export type EmailOf<T extends TemplateName = TemplateName> = { template: T; data: TemplateData[T] };

type Template<T extends TemplateName> = {
  subject: (data: TemplateData[T]) => string;
  render: (data: TemplateData[T]) => ReactElement;
  /** The email the text part is made from, when it differs from the HTML part's. */
  renderText?: (data: TemplateData[T]) => ReactElement;
};

const ref = (t: TicketSummary) => `#${t.number} ${t.title}`;

/**
 * Every email about a ticket has one subject, `[#1042] Title`, so mail clients that thread by
 * subject as well as by References (Gmail) keep them in one conversation; the tag also lets a
 * reply find its ticket (docs/email.md#threading). What happened is said in the message itself.
 */
export const threadSubject = (t: Pick<TicketSummary, "number" | "title">) =>
  `[#${t.number}] ${t.title}`;
const priority = (p: number) => PRIORITY_LABEL[p as Priority] ?? String(p);

export const TEMPLATES: { [T in Exclude<TemplateName, "custom">]: Template<T> } = {
  "ticket-created": {
    subject: ({ ticket }) => threadSubject(ticket),
    render: ({ ticket, audience, reporterName, assigneeName }) => (
      <EmailLayout preview={`Ticket #${ticket.number}: ${ticket.title}`}>
        <Heading>
          {audience === "reporter" ? "We received your ticket" : "A new ticket was raised"}
        </Heading>
        <Paragraph>
          <strong>{ref(ticket)}</strong>
          {audience === "staff" ? ` was raised by ${reporterName}.` : "."}{" "}
          {assigneeName
            ? `It is assigned to ${assigneeName}.`
            : "No engineer is available right now; an admin has been notified."}
        </Paragraph>
        <Quote>{ticket.description}</Quote>
        <Paragraph>Priority: {priority(ticket.ticketPriority)}</Paragraph>
        <Action href={ticket.url}>Open ticket #{ticket.number}</Action>
      </EmailLayout>
    ),
  },
  "ticket-updated": {
    subject: ({ ticket }) => threadSubject(ticket),
    render: ({ ticket, actorName, changes }) => (
      <EmailLayout preview={`${actorName} updated #${ticket.number}`}>
        <Heading>Ticket #{ticket.number} was updated</Heading>
        <Paragraph>
          {actorName} changed <strong>{ref(ticket)}</strong>:
        </Paragraph>
        {changes.map((c) => (
          <Paragraph key={c.label}>
            {c.label}: {c.from || "none"} → <strong>{c.to || "none"}</strong>
          </Paragraph>
        ))}
        <Action href={ticket.url}>Open ticket #{ticket.number}</Action>
      </EmailLayout>
    ),
  },
  "ticket-replied": {
    subject: ({ ticket }) => threadSubject(ticket),
    // The reply's Markdown, rendered and sanitized, in the HTML part; as written in the text part.
    render: (data) => <RepliedEmail {...data} part="html" />,
    renderText: (data) => <RepliedEmail {...data} part="text" />,
  },
  "no-engineer": {
    subject: ({ ticket }) => `No engineer available for #${ticket.number}: ${ticket.title}`,
    render: ({ ticket, reporterName }) => (
      <EmailLayout preview={`Ticket #${ticket.number} is waiting for an engineer`}>
        <Heading>A ticket found no engineer</Heading>
        <Paragraph>
          <strong>{ref(ticket)}</strong>, raised by {reporterName}, is unassigned: no engineer is
          approved right now. It will go to the first engineer you approve, or you can assign it.
        </Paragraph>
        <Action href={ticket.url}>Open ticket #{ticket.number}</Action>
      </EmailLayout>
    ),
  },
  "registration-request": {
    subject: ({ name }) => `Engineer registration request from ${name}`,
    render: ({ name, userId, email, reviewUrl }) => (
      <EmailLayout preview={`${name} asks to join as an engineer`}>
        <Heading>An engineer asks to join</Heading>
        <Paragraph>
          {name} ({userId}, {email}) signed up as an engineer and waits for an admin to approve or
          reject the request.
        </Paragraph>
        <Action href={reviewUrl}>Review requests</Action>
      </EmailLayout>
    ),
  },
  "account-decision": {
    subject: ({ decision }) =>
      decision === "APPROVED"
        ? "Your Caseline account is approved"
        : "Your Caseline account request was rejected",
    render: ({ name, decision, role, signinUrl }) => (
      <EmailLayout preview={decision === "APPROVED" ? "You can sign in now" : "Request rejected"}>
        <Heading>{decision === "APPROVED" ? "You're in" : "Your request was rejected"}</Heading>
        <Paragraph>
          Hello {name},{" "}
          {decision === "APPROVED"
            ? `an admin approved your ${role.toLowerCase()} account. You can sign in now.`
            : "an admin rejected your account request. Contact your support team if this is a mistake."}
        </Paragraph>
        {decision === "APPROVED" ? <Action href={signinUrl}>Sign in</Action> : null}
      </EmailLayout>
    ),
  },
  "verify-email": {
    subject: () => "Confirm your email address for Caseline",
    render: ({ name, url }) => (
      <EmailLayout preview="Confirm your email address">
        <Heading>Confirm your email address</Heading>
        <Paragraph>
          Hello {name}, please confirm this is your address. The link works once and expires in 2
          days.
        </Paragraph>
        <Action href={url}>Confirm my address</Action>
      </EmailLayout>
    ),
  },
  invitation: {
    subject: () => "You're invited to Caseline: choose your password",
    render: ({ name, userId, url, expiresInDays }) => (
      <EmailLayout preview="Choose a password to start using Caseline">
        <Heading>Welcome to Caseline</Heading>
        <Paragraph>
          Hello {name}, your support team has set up an account for you (user ID {userId}). Choose a
          password to sign in, raise tickets and follow them. The link works once and expires in{" "}
          {expiresInDays} days.
        </Paragraph>
        <Action href={url}>Choose my password</Action>
      </EmailLayout>
    ),
  },
  "meeting-scheduled": {
    subject: ({ kind, title, change }) =>
      `${change === "cancelled" ? "Cancelled" : change === "rescheduled" ? "Moved" : "Scheduled"}: ${kind.toLowerCase().replace("_", "-")} "${title}"`,
    render: ({ name, kind, title, when, ownerName, notes, change }) => (
      <EmailLayout preview={`${title}, ${when}`}>
        <Heading>
          {change === "cancelled"
            ? "This is cancelled"
            : change === "rescheduled"
              ? "This has moved"
              : `A ${kind.toLowerCase().replace("_", "-")} is scheduled with you`}
        </Heading>
        <Paragraph>
          Hello {name}, <strong>{title}</strong> with {ownerName}
          {change === "cancelled"
            ? `, planned for ${when}, will not take place.`
            : ` is on ${when}.`}
        </Paragraph>
        {notes && change !== "cancelled" ? <Quote>{notes}</Quote> : null}
      </EmailLayout>
    ),
  },
  "email-refused": {
    subject: ({ subject }) =>
      subject ? `We could not take your email: ${subject}` : "We could not take your email",
    render: ({ reason, signupUrl }) => (
      <EmailLayout preview="Your email did not reach our support team">
        <Heading>We could not take your email</Heading>
        <Paragraph>
          Thank you for writing to us.{" "}
          {reason === "unknown"
            ? "Our support desk only takes email from addresses that have an account, and yours has none. Create one, then write again or raise a ticket in the portal."
            : "The account that belongs to this address is not active, so your email did not open a ticket. If you think this is a mistake, contact your support team another way."}
        </Paragraph>
        {reason === "unknown" ? <Action href={signupUrl}>Create an account</Action> : null}
      </EmailLayout>
    ),
  },
  "password-reset": {
    subject: () => "Reset your Caseline password",
    render: ({ name, url, expiresInMinutes }) => (
      <EmailLayout preview="Reset your password">
        <Heading>Reset your password</Heading>
        <Paragraph>
          Hello {name}, someone (we hope you) asked to reset your password. The link works once and
          expires in {expiresInMinutes} minutes. If it was not you, ignore this email: your password
          stays as it is.
        </Paragraph>
        <Action href={url}>Choose a new password</Action>
      </EmailLayout>
    ),
  },
};

function RepliedEmail({
  ticket,
  authorName,
  body,
  part,
}: TemplateData["ticket-replied"] & { part: "html" | "text" }) {
  return (
    <EmailLayout preview={`${authorName} replied on #${ticket.number}`}>
      <Heading>{authorName} replied</Heading>
      <Paragraph>
        On <strong>{ref(ticket)}</strong>:
      </Paragraph>
      <MarkdownQuote source={body} part={part} />
      <Action href={ticket.url}>Reply in Caseline</Action>
    </EmailLayout>
  );
}

/** The subject line, always one line: titles and names in it may hold line breaks. */
export function subjectFor<T extends TemplateName>(email: EmailOf<T>, given?: string): string {
  if (email.template === "custom") return singleLine(given ?? "");
  const template = TEMPLATES[email.template as Exclude<TemplateName, "custom">] as Template<
    Exclude<TemplateName, "custom">
  >;
  return singleLine(template.subject(email.data as never));
}
