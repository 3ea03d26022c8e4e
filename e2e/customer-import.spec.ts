import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { expect, test } from "@playwright/test";
import { adminPage, uniqueId, waitForMail } from "./fixtures";

type Customer = { userId: string; name: string; email: string; company: string; phone: string };

const pick = ({ userId, name, email, company, phone }: Customer): Customer => ({
  userId,
  name,
  email,
  company: company ?? "",
  phone: phone ?? "",
});

test("an admin checks a file, reads the bad rows, fixes it, imports, and exports the same customers", async ({
  browser,
}) => {
  const tag = uniqueId("imp").toLowerCase();
  const domain = `${tag}.test`;
  const good: Customer[] = [
    {
      userId: `${tag}a`,
      name: "Ann Lee",
      email: `ann@${domain}`,
      company: "Lee, Lee & Co",
      phone: "+44 20 7946 0000",
    },
    { userId: "", name: 'Bob "Bobby" Ray', email: `bob@${domain}`, company: "", phone: "" },
    { userId: `${tag}c`, name: "Cy Côté", email: `cy@${domain}`, company: "Acme", phone: "" },
    {
      userId: `${tag}d`,
      name: "Dee Dee",
      email: `dee@${domain}`,
      company: "Acme",
      phone: "555 0101",
    },
  ];
  const header = ["userId", "name", "email", "company", "phone"];
  const rowsOf = (list: Customer[]) =>
    list.map((c) => [c.userId, c.name, c.email, c.company, c.phone]);
  const broken = rowsOf(good);
  broken[1][2] = `bob-at-${domain}`; // row 2: not an email
  broken[3][1] = ""; // row 4: missing name

  const admin = await adminPage(browser);
  await admin.goto("/customers/import");
  await expect(admin.getByRole("heading", { name: "Import and export customers" })).toBeVisible();
  const picker = admin.getByLabel("CSV or JSON file");
  await expect(picker).toBeEnabled();

  // 1. A file with two bad rows: the report names each row and reason, and nothing is imported.
  await picker.setInputFiles({
    name: "customers.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(stringify([header, ...broken])),
  });
  await admin.getByRole("button", { name: "Check file" }).click();
  await expect(admin.getByText("2 rows of 4 have problems")).toBeVisible();
  const table = admin.getByRole("table", { name: "Rows with problems, by row number" });
  await expect(table.getByRole("row")).toHaveCount(3);
  const cells = (row: number) => table.getByRole("row").nth(row).getByRole("cell");
  await expect(cells(1)).toHaveText(["2", "Email", `bob-at-${domain}`, "Not an email address"]);
  await expect(cells(2)).toHaveText(["4", "Name", "(empty)", "Missing name"]);
  await expect(admin.getByRole("button", { name: "Import and invite" })).toHaveCount(0);

  // 2. The fixed file checks clean; importing asks first, then imports and invites everyone.
  await picker.setInputFiles({
    name: "customers-fixed.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(stringify([header, ...rowsOf(good)])),
  });
  await admin.getByRole("button", { name: "Check file" }).click();
  await expect(admin.getByText("All 4 rows are valid.")).toBeVisible();
  await expect(
    admin.getByText("Import 4 customers and email each of them an invitation?"),
  ).toBeVisible();
  await admin.getByRole("button", { name: "Import and invite" }).click();
  await expect(
    admin.getByText("Imported 4 customers and emailed 4 invitations to choose a password."),
  ).toBeVisible();
  await expect(admin.getByRole("link", { name: "Go to customers" })).toHaveAttribute(
    "href",
    "/customers",
  );
  const invitation = await waitForMail(`bob@${domain}`, /invited/i);
  expect(invitation.text).toContain("/reset-password?token=");

  // 3. Both exports give the same customers back, in file order (Bob's user ID came from his
  // email: "bob", or "bob2"… if another test took it).
  const ours = (list: Customer[]) => list.filter((c) => c.email.endsWith(`@${domain}`)).map(pick);

  const [csvDownload] = await Promise.all([
    admin.waitForEvent("download"),
    admin.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(csvDownload.suggestedFilename()).toMatch(/^customers-\d{4}-\d{2}-\d{2}\.csv$/);
  const exported = parse(readFileSync((await csvDownload.path())!), {
    bom: true,
    columns: true,
  }) as (Customer & { status: string })[];
  const fromCsv = ours(exported);
  const bobId = fromCsv.find((c) => c.email === `bob@${domain}`)?.userId ?? "";
  expect(bobId).toMatch(/^bob\d*$/);
  const expected = good.map((c) => ({ ...c, userId: c.userId || bobId }));
  expect(fromCsv).toEqual(expected);
  expect(exported.filter((c) => c.email.endsWith(`@${domain}`)).map((c) => c.status)).toEqual([
    "ACTIVE",
    "ACTIVE",
    "ACTIVE",
    "ACTIVE",
  ]);

  const [jsonDownload] = await Promise.all([
    admin.waitForEvent("download"),
    admin.getByRole("link", { name: "Export JSON" }).click(),
  ]);
  const exportedJson = JSON.parse(readFileSync((await jsonDownload.path())!, "utf8")) as Customer[];
  expect(ours(exportedJson)).toEqual(expected);
  expect(readFileSync((await jsonDownload.path())!, "utf8")).not.toMatch(/password|scrypt/i);
});
