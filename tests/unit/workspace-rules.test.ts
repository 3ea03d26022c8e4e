import { describe, expect, it } from "vitest";
import { durationAxis } from "@/components/overview/chart-kit";
import {
  INTERACTION_KIND_LABEL,
  INTERACTION_STATUS_LABEL,
  NOTIFICATION_STATUS_LABEL,
  PRIORITY_LABEL,
  TICKET_FIELD_LABEL,
  TICKET_STATUS_LABEL,
  USER_STATUS_LABEL,
  USER_TYPE_LABEL,
  USER_TYPE_PLURAL,
  countOf,
} from "@/lib/labels";
import { withoutEmpty } from "@/lib/search-params";
import { applyStep, changedFields, describeChanges, saveSteps } from "@/lib/tickets/change-summary";
import { describeEvent } from "@/lib/tickets/describe-event";
import type { PublicEvent } from "@/lib/tickets/events";
import {
  changePasswordSchema,
  createAdminSchema,
  resetPasswordSchema,
  signinSchema,
  signupSchema,
} from "@/lib/validation/users";
import { INTERACTION_KINDS, INTERACTION_STATUSES, NOTIFICATION_STATUSES } from "@/db/schema";
import { PRIORITIES, TICKET_STATUSES } from "@/lib/tickets/statuses";
import { USER_STATUSES, USER_TYPES } from "@/lib/users/roles";

/** Each field's messages, in order, as the form would show them. */
function messages(result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) {
  const byField: Record<string, string[]> = {};
  for (const issue of result.error?.issues ?? []) {
    const key = issue.path.join(".") || "_";
    (byField[key] ??= []).push(issue.message);
  }
  return byField;
}

describe("one label per enum value", () => {
  const sets: [string, readonly (string | number)[], Record<string | number, string>][] = [
    ["ticket status", TICKET_STATUSES, TICKET_STATUS_LABEL],
    ["priority", PRIORITIES, PRIORITY_LABEL],
    ["user type", USER_TYPES, USER_TYPE_LABEL],
    ["user type (plural)", USER_TYPES, USER_TYPE_PLURAL],
    ["user status", USER_STATUSES, USER_STATUS_LABEL],
    ["interaction kind", INTERACTION_KINDS, INTERACTION_KIND_LABEL],
    ["interaction status", INTERACTION_STATUSES, INTERACTION_STATUS_LABEL],
    ["notification status", NOTIFICATION_STATUSES, NOTIFICATION_STATUS_LABEL],
  ];
  it.each(sets)("every %s has a distinct, Title-case label", (_name, values, labels) => {
    const texts = values.map((v) => labels[v]);
    for (const text of texts) {
      expect(text, String(text)).toMatch(/^[A-Z][a-z-]*( [a-z-]+)*$/);
    }
    expect(new Set(texts).size).toBe(values.length);
  });
  it("names the bulk fields in Title case, not as API keys", () => {
    expect(Object.values(TICKET_FIELD_LABEL)).toEqual(["Status", "Priority", "Assignee"]);
  });
  it("counts with their nouns", () => {
    expect(`${countOf(1, "customer")} · ${countOf(3, "active ticket")}`).toBe(
      "1 customer · 3 active tickets",
    );
    expect(countOf(0, "active ticket")).toBe("0 active tickets");
  });
});

describe("form messages say one thing at a time", () => {
  it("an empty change-password form lists only what is missing", () => {
    const result = changePasswordSchema.safeParse({
      currentPassword: "",
      newPassword: "",
      confirmPassword: "",
    });
    expect(messages(result)).toEqual({
      currentPassword: ["Enter your current password"],
      newPassword: ["Enter a new password"],
      confirmPassword: ["Repeat the new password"],
    });
  });
  it("still compares passwords once they are filled in", () => {
    expect(
      messages(
        changePasswordSchema.safeParse({
          currentPassword: "Same#2026x",
          newPassword: "Same#2026x",
          confirmPassword: "Other#2026x",
        }),
      ),
    ).toEqual({
      confirmPassword: ["The two new passwords differ"],
      newPassword: ["Choose a password different from the current one"],
    });
  });
  it("an empty user ID gets one message, at sign-in and wherever an ID is chosen", () => {
    expect(messages(signinSchema.safeParse({ userId: "", password: "" }))).toEqual({
      userId: ["Enter your user ID or email"],
      password: ["Enter your password"],
    });
    // An API client that sends neither field hears the same single message.
    expect(messages(signinSchema.safeParse({ password: "x" }))).toEqual({
      userId: ["Enter your user ID or email"],
    });
    const empty = { userId: "", name: "", email: "", password: "" };
    expect(messages(signupSchema.safeParse(empty))).toEqual({
      userId: ["Enter a user ID"],
      name: ["Enter a name"],
      email: ["Enter an email address"],
      password: ["Enter a password"],
    });
    expect(messages(createAdminSchema.safeParse(empty)).userId).toEqual(["Enter a user ID"]);
    expect(
      messages(resetPasswordSchema.safeParse({ token: "t".repeat(30), password: "" })),
    ).toEqual({ password: ["Enter a password"] });
  });
  it("keeps every rule's message for a user ID or password that was typed", () => {
    expect(
      messages(
        signupSchema.safeParse({ userId: "a!", name: "A", email: "a@b.co", password: "abc" }),
      ),
    ).toMatchObject({
      userId: ["Use at least 3 characters", "Use only letters, digits, dot, underscore and hyphen"],
      password: expect.arrayContaining(["Use at least 8 characters", "Add a digit"]),
    });
  });
});

describe("the actions panel's save", () => {
  const before = { status: "OPEN", priority: 4, assignee: null } as const;
  it("sends only what changed and says so in words", () => {
    const after = { status: "RESOLVED", priority: 2, assignee: "eve" } as const;
    expect(changedFields(before, after)).toEqual({
      status: "RESOLVED",
      ticketPriority: 2,
      assignee: "eve",
    });
    expect(describeChanges(before, after, (id) => (id === "eve" ? "Eve Engineer" : id))).toBe(
      "Status: Open → Resolved · Priority: Low → High · Assignee: Unassigned → Eve Engineer",
    );
    expect(changedFields(before, { ...before })).toEqual({});
    expect(describeChanges(before, { ...before })).toBe("Nothing changed");
  });
  it("sends a new assignee and a new status as two requests, the assignee first", () => {
    expect(saveSteps({ status: "BLOCKED", ticketPriority: 2, assignee: "eve" })).toEqual([
      { ticketPriority: 2, assignee: "eve" },
      { status: "BLOCKED" },
    ]);
    expect(saveSteps({ status: "BLOCKED", ticketPriority: 2 })).toEqual([
      { status: "BLOCKED", ticketPriority: 2 },
    ]);
    expect(saveSteps({ assignee: null })).toEqual([{ assignee: null }]);
    expect(saveSteps({})).toEqual([]);
    expect(applyStep(before, { assignee: "eve" })).toEqual({ ...before, assignee: "eve" });
    expect(applyStep({ ...before, assignee: "eve" }, { assignee: null }).assignee).toBeNull();
  });
});

describe("the timeline", () => {
  const event = (over: Partial<PublicEvent>): PublicEvent => ({
    id: 1,
    type: "assigned",
    actor: "admin",
    actorName: "Ada Admin",
    field: "assignee",
    oldValue: null,
    newValue: "eve",
    internal: false,
    createdAt: new Date(0).toISOString(),
    ...over,
  });
  const names = new Map([
    ["eve", "Eve Engineer"],
    ["sam", "Sam Support"],
  ]);
  it("names people rather than showing their user IDs", () => {
    expect(describeEvent(event({}), names)).toBe("Ada Admin assigned it to Eve Engineer");
    expect(describeEvent(event({ actor: null, actorName: null }), names)).toBe(
      "Auto-assigned to Eve Engineer",
    );
    expect(describeEvent(event({ newValue: null, oldValue: "sam" }), names)).toBe(
      "Ada Admin returned it to the unassigned pool (was Sam Support)",
    );
  });
  it("falls back to the user ID only when no name is known", () => {
    expect(describeEvent(event({ newValue: "gone" }), names)).toBe("Ada Admin assigned it to gone");
  });
});

describe("filter addresses", () => {
  it("carry only the fields that were filled in", () => {
    const query = withoutEmpty([
      ["q", "printer"],
      ["statusFilter", ""],
      ["ticketPriority", ""],
      ["reporter", "  "],
      ["sort", "created"],
      ["numbers", "1"],
      ["numbers", "2"],
    ]).toString();
    expect(query).toBe("q=printer&sort=created&numbers=1&numbers=2");
  });
});

describe("the median charts' axis", () => {
  const MIN = 60_000;
  const HOUR = 60 * MIN;
  it("fits minutes in minutes, not on a 0–4 h axis", () => {
    const axis = durationAxis([2 * MIN, null, 11 * MIN, 5 * MIN], 5 * MIN);
    expect(axis.unit.short).toBe("min");
    expect(axis.max).toBeGreaterThanOrEqual(11);
    expect(axis.max).toBeLessThanOrEqual(20);
    expect(axis.ticks[0]).toBe(0);
    expect(axis.ticks.at(-1)).toBe(axis.max);
  });
  it("grows with the data, in hours and then days", () => {
    const hours = durationAxis([3 * HOUR, 30 * HOUR], 10 * HOUR);
    expect(hours.unit.short).toBe("h");
    expect(hours.max).toBeGreaterThanOrEqual(30);
    expect(hours.max).toBeLessThanOrEqual(40);
    const days = durationAxis([5 * 24 * HOUR], 5 * 24 * HOUR);
    expect(days.unit.short).toBe("d");
    expect(days.max).toBeGreaterThanOrEqual(5);
    expect(days.max).toBeLessThanOrEqual(6);
  });
  it("ticks in whole minutes when every median is a few seconds", () => {
    expect(durationAxis([4_000, 9_000], 6_000)).toMatchObject({ max: 1, ticks: [0, 1] });
    expect(durationAxis([90_000], null).ticks).toEqual([0, 1, 2]);
  });
  it("has a sensible axis when nothing was measured", () => {
    expect(durationAxis([null, null], null)).toMatchObject({ max: 1, ticks: [0, 1] });
  });
});
