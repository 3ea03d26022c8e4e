import { describe, expect, it } from "vitest";
import { judge } from "../fuzz/fuzz-kit";

/** The fuzz suite is only as good as what it calls a failure: each rule, checked on its own. */
describe("the fuzz suite's judge", () => {
  const marker = "INTERNAL-NOTE-abc123";
  const as = (principal: "customer" | "engineer" | "anonymous") => ({
    principal,
    method: "GET",
    url: "/api/v1/tickets/1",
  });

  it("accepts an ordinary 4xx", () => {
    expect(judge(as("customer"), { status: 404, text: '{"error":{}}' }, marker)).toEqual([]);
  });

  it("fails any 5xx", () => {
    expect(judge(as("engineer"), { status: 500, text: "oops" }, marker)).toHaveLength(1);
    expect(judge(as("engineer"), { status: 503, text: "" }, marker)).toHaveLength(1);
  });

  it("fails the password hash format lib/auth/password.ts writes, bcrypt's and argon2's, and a passwordHash field", () => {
    for (const text of [
      '{"x":"scrypt$15$8$1$c2FsdA$aGFzaA"}',
      '{"x":"$2b$10$abcdefghijklmnopqrstuv"}',
      '{"x":"$argon2id$v=19$m=19456"}',
      '{"passwordHash":null}',
      "password_hash",
    ]) {
      expect(judge(as("engineer"), { status: 200, text }, marker), text).not.toEqual([]);
    }
  });

  it("fails an internal note's text in a customer's or an anonymous answer, not in staff's", () => {
    const text = `{"body":"${marker} secret"}`;
    expect(judge(as("customer"), { status: 200, text }, marker)).toHaveLength(1);
    expect(judge(as("anonymous"), { status: 200, text }, marker)).toHaveLength(1);
    expect(judge(as("engineer"), { status: 200, text }, marker)).toEqual([]);
  });
});
