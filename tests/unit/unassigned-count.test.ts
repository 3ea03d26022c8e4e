import { describe, expect, it } from "vitest";
import { unassignedCount } from "@/lib/tickets/counts";
import { person, raise } from "../ticket-kit";

// The engineer's ticket list shows the pool's size; counting it as an engineer used to throw.
describe("unassignedCount", () => {
  it("is open to engineers and admins, who both work the pool, and not to customers", async () => {
    const admin = await person("ADMIN");
    const engineer = await person("ENGINEER");
    const customer = await person("CUSTOMER");
    const before = await unassignedCount(admin.actor);
    await raise(customer);
    expect(await unassignedCount(engineer.actor)).toBe(await unassignedCount(admin.actor));
    expect(await unassignedCount(admin.actor)).toBeGreaterThanOrEqual(before);
    await expect(unassignedCount(customer.actor)).rejects.toThrow();
  });
});
