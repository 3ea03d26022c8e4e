import { describe, expect, it } from "vitest";
import {
  deleteSavedView,
  listSavedViews,
  normalizeViewQuery,
  saveView,
} from "@/lib/tickets/saved-views";
import { makeUser } from "../helpers";

describe("saved views", () => {
  it("keeps only the list's own filters, never a cursor, and refuses invalid ones", () => {
    expect(normalizeViewQuery("status=OPEN&cursor=abc&utm=x&q=printer")).toBe(
      "status=OPEN&q=printer",
    );
    expect(() => normalizeViewQuery("ticketPriority=9")).toThrow();
  });

  it("belong to the user who saved them; names are unique per user", async () => {
    const { actor: alice } = await makeUser("ADMIN");
    const { actor: bob } = await makeUser("ADMIN");
    const view = await saveView(alice, { name: "Urgent", query: "ticketPriority=1&active=true" });
    expect((await listSavedViews(alice)).map((v) => v.name)).toEqual(["Urgent"]);
    expect(await listSavedViews(bob)).toEqual([]);
    await expect(saveView(alice, { name: "Urgent", query: "status=OPEN" })).rejects.toThrow(
      /already/,
    );
    expect((await saveView(bob, { name: "Urgent", query: "status=OPEN" })).name).toBe("Urgent");
    // Someone else's view can't be deleted (and doesn't reveal itself).
    await expect(deleteSavedView(bob, view.id)).rejects.toThrow(/No such view/);
    await deleteSavedView(alice, view.id);
    expect(await listSavedViews(alice)).toEqual([]);
  });
});
