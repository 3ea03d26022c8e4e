import { expect, test } from "@playwright/test";
import { adminPage, E2E_ADMIN, uniqueId } from "./fixtures";

test("an admin searches, changes several tickets at once and saves the view", async ({
  browser,
  request,
}) => {
  const tag = uniqueId("bulk");
  const token = (await (await request.post("/api/v1/auth/signin", { data: E2E_ADMIN })).json())
    .userDetails.token;
  for (const title of ["Scanner offline", "Scanner jams"]) {
    const res = await request.post("/api/v1/tickets", {
      headers: { authorization: `Bearer ${token}` },
      data: { title: `${title} ${tag}`, description: `Filed by the bulk test ${tag}` },
    });
    expect(res.status()).toBe(201);
  }

  const admin = await adminPage(browser);
  await admin
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Tickets" })
    .click();
  await admin.getByLabel("Search").fill(tag);
  await admin.getByRole("button", { name: "Apply filters" }).click();
  await expect(admin).toHaveURL(new RegExp(`q=${tag}`));
  await expect(admin.getByRole("table").getByRole("link", { name: new RegExp(tag) })).toHaveCount(
    2,
  );

  for (const box of await admin.getByRole("checkbox", { name: /Select ticket/ }).all())
    await box.check();
  await admin.getByLabel("Field").selectOption("ticketPriority");
  await admin.getByLabel("Value").selectOption("2");
  await admin.getByRole("button", { name: /^Apply( to \d+)?$/ }).click();
  await expect(admin.getByText("Updated 2 of 2 tickets.")).toBeVisible();
  await expect(admin.getByRole("table").getByText("High")).toHaveCount(2);

  await admin.getByLabel("Name for this view").fill(`Scanners ${tag}`);
  await admin.getByRole("button", { name: "Save view" }).click();
  await expect(admin.getByText(`Saved "Scanners ${tag}"`)).toBeVisible();
  await admin.goto("/tickets");
  await admin.getByRole("link", { name: `Scanners ${tag}` }).click();
  await expect(admin).toHaveURL(new RegExp(`q=${tag}`));
  await expect(admin.getByRole("table").getByRole("link", { name: new RegExp(tag) })).toHaveCount(
    2,
  );
});
