import { expect, test } from "@playwright/test";
import { signIn, uniqueId } from "./fixtures";
import { approvedEngineers, bearer, customerToken, ENGINEER_PASSWORD } from "./isolated/api-client";

/** A 3 MB PDF: over the 1 MB a server action would take, well under the API's per-file limit. */
function pdfOfSize(bytes: number) {
  const head = Buffer.from("%PDF-1.7\n% Caseline e2e attachment\n");
  const filler = Buffer.alloc(bytes - head.byteLength, "0");
  return Buffer.concat([head, filler]);
}

test("a 3 MB PDF sent with the portal's reply form is stored and listed on the reply", async ({
  browser,
  request,
}) => {
  const prefix = uniqueId("att").slice(0, 20);
  const { admin, engineers } = await approvedEngineers(request, prefix, 1);
  const [engineerId] = engineers;
  const customer = await customerToken(request, `${prefix}c`);
  const created = await request.post("/api/v1/tickets", {
    headers: bearer(customer),
    data: { title: `Invoice is wrong ${prefix}`, description: "The total is off." },
  });
  const number = (await created.json()).ticket.number as number;
  expect(
    (
      await request.patch(`/api/v1/tickets/${number}`, {
        headers: bearer(admin),
        data: { assignee: engineerId },
      })
    ).status(),
  ).toBe(200);

  const page = await (await browser.newContext()).newPage();
  await signIn(page, engineerId, ENGINEER_PASSWORD);
  await expect(page).toHaveURL(/\/engineer$/);
  await page.goto(`/tickets/${number}`);
  await page.getByLabel("Reply to the customer").fill(`Corrected invoice attached ${prefix}`);
  await page.getByLabel("Attachments (optional)").setInputFiles({
    name: "invoice-corrected.pdf",
    mimeType: "application/pdf",
    buffer: pdfOfSize(3 * 1024 * 1024),
  });
  await page.getByRole("button", { name: "Send reply" }).click();

  await expect(page.getByText("Reply sent with 1 attachment")).toBeVisible({ timeout: 30_000 });
  const attachments = page.getByRole("list", { name: "Attachments" });
  await expect(attachments.getByRole("link", { name: /invoice-corrected\.pdf/ })).toBeVisible();
  await expect(attachments).toContainText("3");

  // The customer sees it too, and it downloads whole, as a PDF.
  const list = await request.get(`/api/v1/tickets/${number}/attachments`, {
    headers: bearer(customer),
  });
  const [file] = (await list.json()).data;
  expect(file).toMatchObject({ filename: "invoice-corrected.pdf", contentType: "application/pdf" });
  expect(file.size).toBe(3 * 1024 * 1024);
  const download = await request.get(file.url, { headers: bearer(customer) });
  expect(download.status()).toBe(200);
  expect(download.headers()["content-type"]).toBe("application/pdf");
  expect((await download.body()).byteLength).toBe(3 * 1024 * 1024);
});
