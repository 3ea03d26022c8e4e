import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { and, asc, count as countAll, eq, inArray, isNull, type SQL } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as exportRoute from "@/app/api/v1/export/customers/route";
import * as importRoute from "@/app/api/v1/import/customers/route";
import * as resetRoute from "@/app/api/v1/auth/reset-password/route";
import { getDb, writeTransaction } from "@/db/client";
import { notifications, userEvents, users, userTokens } from "@/db/schema";
import { NO_PASSWORD_YET } from "@/lib/auth/password";
import { createCustomer, updateCustomer } from "@/lib/crm/customer-changes";
import { resetEnvForTesting } from "@/lib/env";
import { findUserByUserId } from "@/lib/users/find-user";
import { call, makeUser, tokenFor } from "../helpers";
import { sentLink } from "../mail-links";

type Handler = (req: Request) => Promise<Response>;

/** Sends a file the way a client would: raw bytes with a Content-Type, or multipart. */
async function upload(
  token: string | undefined,
  query: string,
  file: string | Uint8Array,
  options: { type?: string; multipart?: { name: string }; accept?: string } = {},
) {
  const headers: Record<string, string> = { "x-caseline-socket-address": "127.0.0.1" };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.accept) headers.accept = options.accept;
  let body: BodyInit;
  if (options.multipart) {
    const form = new FormData();
    form.set("file", new Blob([file as BlobPart]), options.multipart.name);
    body = form;
  } else {
    body = file as BodyInit;
    headers["content-type"] = options.type ?? "text/csv";
  }
  const req = new Request(`http://localhost/api/v1/import/customers${query}`, {
    method: "POST",
    headers,
    body,
  });
  const res = await (importRoute.POST as Handler)(req);
  const text = await res.text();
  let json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** The report, wherever the answer carries it (200 body or 422 error details). */
const reportOf = (r: Awaited<ReturnType<typeof upload>>) =>
  r.status === 200 ? r.json.report : r.json.error.details.report;

async function adminToken() {
  const admin = await makeUser("ADMIN");
  return { admin, token: await tokenFor(admin.user) };
}

/** How many rows of a table match a condition. */
type Counted = typeof users | typeof notifications | typeof userEvents | typeof userTokens;
const count = async (table: Counted, where: SQL | undefined) =>
  (await getDb().select({ n: countAll() }).from(table).where(where))[0].n;
const customerCount = () =>
  count(users, and(eq(users.userType, "CUSTOMER"), isNull(users.deletedAt)));

const csv = (rows: (string | null)[][]) => stringify(rows);
const HEADER = ["userId", "name", "email", "company", "phone"];

async function exportAll(token: string, format: "csv" | "json", query = "") {
  return call(
    exportRoute.GET,
    "GET",
    `/api/v1/export/customers?format=${format}${query ? `&${query}` : ""}`,
    { token },
  );
}

describe("customer import: a 50,000-row file", () => {
  it("imports every row with an invitation each, and exports them without secrets", async () => {
    const { token } = await adminToken();
    const rows = [HEADER];
    for (let i = 1; i <= 50_000; i++) {
      rows.push([
        i % 3 === 0 ? "" : `bulk.${i}`,
        `Bulk Customer ${i}`,
        `Bulk.${i}@Example.test`,
        i % 2 ? `Company ${i % 500}` : "",
        i % 5 ? "" : `+1 555 ${String(i).padStart(6, "0")}`,
      ]);
    }
    const file = csv(rows);

    const dry = await upload(token, "?dryRun=true", file);
    expect(dry.status).toBe(200);
    expect(dry.json.report).toMatchObject({ dryRun: true, total: 50_000, valid: 50_000 });
    expect(await customerCount()).toBe(0);

    const res = await upload(token, "", file);
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.json.report).toMatchObject({
      dryRun: false,
      total: 50_000,
      valid: 50_000,
      invalid: 0,
      imported: 50_000,
      invited: 50_000,
      errors: [],
    });

    expect(await customerCount()).toBe(50_000);
    const spot = (await findUserByUserId("bulk.7"))!;
    expect(spot).toMatchObject({
      name: "Bulk Customer 7",
      email: "bulk.7@example.test",
      company: "Company 7",
      phone: null,
      userStatus: "APPROVED",
      userType: "CUSTOMER",
      passwordHash: NO_PASSWORD_YET,
    });
    // A blank userId is derived from the email's local part.
    expect((await findUserByUserId("Bulk.9"))?.email).toBe("bulk.9@example.test");
    expect((await findUserByUserId("bulk.10"))?.phone).toBe("+1 555 000010");
    expect(await count(notifications, eq(notifications.template, "invitation"))).toBe(50_000);
    expect(
      await count(
        notifications,
        and(
          eq(notifications.template, "invitation"),
          eq(notifications.recipientEmails, '["bulk.123@example.test"]'),
        ),
      ),
    ).toBe(1);
    expect(await count(userEvents, eq(userEvents.type, "imported"))).toBe(50_000);
    expect(await count(userTokens, eq(userTokens.purpose, "invite"))).toBe(50_000);

    for (const format of ["csv", "json"] as const) {
      const out = await exportAll(token, format);
      expect(out.status).toBe(200);
      expect(out.text).not.toMatch(/password|hash|scrypt|!invited/i);
      const lines = out.text.trim().split("\n").length;
      expect(lines).toBe(format === "csv" ? 50_001 : 50_002);
    }
  }, 60_000);
});

describe("customer import: checks and reports", () => {
  it("a dry run reports and changes nothing", async () => {
    const { token } = await adminToken();
    const before = await customerCount();
    const file = csv([HEADER, ["", "Ann Lee", "ann@example.test", "Acme", ""]]);
    const res = await upload(token, "?dryRun=true", file);
    expect(res.status).toBe(200);
    expect(res.json.report).toMatchObject({ dryRun: true, total: 1, valid: 1, imported: 0 });
    expect(res.json.message).toMatch(/^The row is valid. Importing adds 1 customer and emails/);
    expect(await customerCount()).toBe(before);
    expect(await count(notifications, eq(notifications.template, "invitation"))).toBe(0);
  });

  it("one bad row among many imports nothing, and the report names the row and the reason", async () => {
    const { token } = await adminToken();
    const rows = [HEADER];
    for (let i = 1; i <= 300; i++) rows.push(["", `Person ${i}`, `p${i}@example.test`, "", ""]);
    rows[150][2] = "not-an-email";
    const res = await upload(token, "", csv(rows));
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe("VALIDATION");
    expect(res.json.error.message).toMatch(/1 row of 300 has problems, so nothing was imported/);
    expect(res.json.error.details.report).toMatchObject({
      dryRun: false,
      total: 300,
      valid: 299,
      invalid: 1,
      imported: 0,
      errors: [{ row: 150, field: "email", value: "not-an-email", reason: "Not an email address" }],
    });
    expect(await customerCount()).toBe(0);
    expect(await count(notifications, eq(notifications.template, "invitation"))).toBe(0);
  });

  it("reports duplicates in the file and against existing users, missing fields and bad values", async () => {
    const { token } = await adminToken();
    const existing = await makeUser("CUSTOMER");
    const engineer = await makeUser("ENGINEER");
    const file = csv([
      HEADER,
      ["dup.one", "Ann", "ann@example.test", "", ""], // 1 fine
      ["", "Bob", "ANN@example.test", "", ""], // 2 duplicate of row 1
      ["DUP.ONE", "Cy", "cy@example.test", "", ""], // 3 duplicate user ID (any case)
      ["", "", "dee@example.test", "", ""], // 4 missing name
      ["", "Eve", "", "", ""], // 5 missing email
      ["", "Fay", existing.user.email, "", ""], // 6 existing customer
      [existing.userId.toUpperCase(), "Gus", "gus@example.test", "", ""], // 7 taken user ID
      ["", "Hal", engineer.user.email, "", ""], // 8 a staff account's email
      ["x", "Ivy", "ivy@example.test", "", "call me"], // 9 short userId, bad phone
      ["", "Jo", "jo@example", "", ""], // 10 not an email
    ]);
    const res = await upload(token, "", file);
    expect(res.status).toBe(422);
    const report = reportOf(res);
    expect(report).toMatchObject({ total: 10, valid: 1, invalid: 9, imported: 0 });
    const byRow = (row: number) =>
      report.errors
        .filter((e: { row: number }) => e.row === row)
        .map((e: { field: string; reason: string }) => `${e.field}: ${e.reason}`);
    expect(byRow(1)).toEqual([]);
    expect(byRow(2)).toEqual(["email: Duplicate email in this file (row 1)"]);
    expect(byRow(3)).toEqual(["userId: Duplicate user ID in this file (row 1)"]);
    expect(byRow(4)).toEqual(["name: Missing name"]);
    expect(byRow(5)).toEqual(["email: Missing email"]);
    expect(byRow(6)).toEqual(["email: A customer with this email exists"]);
    expect(byRow(7)).toEqual(["userId: This user ID is taken"]);
    expect(byRow(8)).toEqual(["email: An engineer or admin account has this email"]);
    expect(byRow(9)).toEqual([
      "userId: Use at least 3 characters",
      "phone: Use digits, spaces and + ( ) - . /",
    ]);
    expect(byRow(10)).toEqual(["email: Not an email address"]);
    expect(await customerCount()).toBe(1); // the one made above, nothing more

    // The same file as a dry run: 200, the same report.
    const dry = await upload(token, "?dryRun=true", file);
    expect(dry.status).toBe(200);
    expect(dry.json.report.errors).toEqual(report.errors);
  });

  it("derives free user IDs from emails, clear of the database and of the file", async () => {
    const { token } = await adminToken();
    const taken = await makeUser("CUSTOMER"); // customerN
    const file = csv([
      HEADER,
      ["", "A", `${taken.userId}@other.test`, "", ""],
      ["", "B", `${taken.userId}@third.test`, "", ""],
      ["sam", "C", "sam.explicit@x.test", "", ""],
      ["", "D", "sam@x.test", "", ""],
      ["", "E", "jo@x.test", "", ""],
    ]);
    const res = await upload(token, "", file);
    expect(res.status, res.text).toBe(200);
    const ids = await getDb()
      .select({ id: users.userId, email: users.email })
      .from(users)
      .orderBy(asc(users.userId));
    const idOf = (email: string) => ids.find((r) => r.email === email)?.id;
    expect(idOf(`${taken.userId}@other.test`)).toBe(`${taken.userId}2`);
    expect(idOf(`${taken.userId}@third.test`)).toBe(`${taken.userId}3`);
    expect(idOf("sam.explicit@x.test")).toBe("sam");
    expect(idOf("sam@x.test")).toBe("sam2");
    expect(idOf("jo@x.test")).toBe("jo0");
  });

  it("invites exactly as adding a customer by hand does, and the link sets their first password", async () => {
    const { admin, token } = await adminToken();
    await createCustomer(admin.actor, { name: "By Hand", email: "hand@x.test", userId: "byhand" });
    const res = await upload(
      token,
      "",
      csv([HEADER, ["imported1", "By File", "file@x.test", "", ""]]),
    );
    expect(res.status, res.text).toBe(200);

    type Mail = { template: string; subject: string; requester: string; to: string; data: string };
    const mails: Mail[] = await getDb()
      .select({
        template: notifications.template,
        subject: notifications.subject,
        requester: notifications.requester,
        to: notifications.recipientEmails,
        data: notifications.data,
        status: notifications.status,
      })
      .from(notifications)
      .where(eq(notifications.template, "invitation"))
      .orderBy(asc(notifications.id));
    expect(mails).toHaveLength(2);
    const [byHand, byFile] = mails.map((m) => ({ ...m, data: JSON.parse(m.data) }));
    expect(byFile).toMatchObject({ ...byHand, to: '["file@x.test"]', data: expect.any(Object) });
    expect(Object.keys(byFile.data).sort()).toEqual(Object.keys(byHand.data).sort());
    expect(byFile.data).toMatchObject({ name: "By File", userId: "imported1", expiresInDays: 7 });

    const tokens = (
      await getDb()
        .select({
          purpose: userTokens.purpose,
          expiresAt: userTokens.expiresAt,
          createdAt: userTokens.createdAt,
        })
        .from(userTokens)
        .innerJoin(users, eq(users.id, userTokens.userId))
        .where(inArray(users.userId, ["byhand", "imported1"]))
        .orderBy(asc(userTokens.id))
    ).map((t) => ({ purpose: t.purpose, life: t.expiresAt.getTime() - t.createdAt.getTime() }));
    expect(tokens.map((t) => t.purpose)).toEqual(["invite", "invite"]);
    expect(Math.abs(tokens[0].life - tokens[1].life)).toBeLessThan(5_000);

    const link = sentLink(mails[1]);
    expect(link.pathname).toBe("/reset-password");
    const reset = await call(resetRoute.POST, "POST", "/api/v1/auth/reset-password", {
      body: { token: link.searchParams.get("token"), password: "Chosen#2026" },
    });
    expect(reset.status, reset.text).toBe(200);
    expect((await findUserByUserId("imported1"))?.passwordHash).toMatch(/^scrypt\$/);
    const events = await getDb()
      .select({ type: userEvents.type, actorId: userEvents.actorId, newValue: userEvents.newValue })
      .from(userEvents)
      .innerJoin(users, eq(users.id, userEvents.userId))
      .where(eq(users.userId, "imported1"))
      .orderBy(asc(userEvents.id));
    expect(events).toEqual([
      { type: "imported", actorId: admin.user.id, newValue: "CSV file" },
      { type: "invited", actorId: admin.user.id, newValue: "file@x.test" },
    ]);
  });

  it("never imports passwords: a password or hash column is refused with a clear message", async () => {
    const { token } = await adminToken();
    for (const column of ["password", "Password Hash", "passwd"]) {
      const res = await upload(token, "", `name,email,${column}\nAnn,ann@x.test,Secret#123\n`);
      expect(res.status).toBe(400);
      expect(res.json.error.message).toMatch(/never imports passwords/);
      expect(res.json.error.message).toContain(`"${column}"`);
    }
    const json = await upload(
      token,
      "?format=json",
      JSON.stringify([{ name: "Ann", email: "ann@x.test", passwordHash: "scrypt$..." }]),
      { type: "application/json" },
    );
    expect(json.status).toBe(400);
    expect(json.json.error.message).toMatch(/never imports passwords/);
    expect(await customerCount()).toBe(0);
  });

  it("answers 400 with a clear message for files it can't read, and changes nothing", async () => {
    const { token } = await adminToken();
    const cases: [string, string | Uint8Array, RegExp, string?][] = [
      ["semicolons", "name;email\nAnn;ann@x.test\n", /separated by semicolons.*commas/],
      ["tabs", "name\temail\nAnn\tann@x.test\n", /separated by tabs.*commas/],
      [
        "no header",
        "Ann Lee,ann@x.test\nBob,bob@x.test\n",
        /first line must be a header naming the columns: userId, name, email/,
      ],
      ["unknown column", "name,email,fax\nAnn,ann@x.test,1\n", /Unknown column "fax"/],
      ["missing column", "name,company\nAnn,Acme\n", /no email column/],
      [
        "unclosed quote",
        'name,email\nAnn,ann@x.test\n"Bob,bob@x.test\nCy,cy@x.test\n',
        /Broken quotes: a quote opened on line 3 is never closed/,
      ],
      ["stray quote", 'name,email\nAnn,ann@x.test\nB"o"b,bob@x.test\n', /Broken quotes on line 3/],
      [
        "latin-1",
        new Uint8Array([
          ...Buffer.from("name,email\nAnn,ann@x.test\nRen"),
          0xe9,
          ...Buffer.from(",r@x.test\n"),
        ]),
        /not UTF-8: line 3.*save the file as UTF-8/i,
      ],
      ["utf-16", new Uint8Array([0xff, 0xfe, 0x6e, 0x00]), /UTF-16. Save the file as UTF-8/],
      ["empty", "", /The file is empty/],
      ["blank", "\n  \n", /The file is empty/],
      ["header only", "name,email\n", /no customers below it/],
      ["json as csv", '[{"name":"Ann"}]', /looks like a JSON file/],
      [
        "json object",
        '{"name":"Ann","email":"a@x.test"}',
        /must be an array of customer objects/,
        "json",
      ],
      ["json strings", '["ann@x.test"]', /Item 1 of the array is not an object/, "json"],
      ["json broken", '[{"name": "Ann",', /not valid JSON/, "json"],
      ["json empty", "[]", /no customers in it/, "json"],
      ["csv as json", "name,email\nAnn,a@x.test\n", /not valid JSON.*looks like CSV/, "json"],
    ];
    for (const [label, file, message, format] of cases) {
      const res = await upload(token, format ? `?format=${format}` : "", file, {
        type: format === "json" ? "application/json" : "text/csv",
      });
      expect(res.status, label).toBe(400);
      expect(res.json.error.code, label).toBe("VALIDATION");
      expect(res.json.error.message, label).toMatch(message);
      expect(res.json.error.details.file, label).toEqual([res.json.error.message]);
    }
    expect(await customerCount()).toBe(0);
  });

  it("accepts a UTF-8 BOM, CRLF line ends, header spellings and quoted commas, quotes and newlines", async () => {
    const { token } = await adminToken();
    const file =
      "\uFEFFUser ID,Full Name,E-mail,Company,Phone\r\n" +
      'ren.e,"Renée ""Ren"" Côté","ren@x.test","Côté, Fils & Co","+33 1 23"\r\n' +
      ',"Two\nLines",two@x.test,,\r\n' +
      ",,,,\r\n";
    const res = await upload(token, "", new TextEncoder().encode(file));
    expect(res.status, res.text).toBe(200);
    expect(res.json.report).toMatchObject({ total: 2, imported: 2 });
    expect(await findUserByUserId("ren.e")).toMatchObject({
      name: 'Renée "Ren" Côté',
      company: "Côté, Fils & Co",
    });
    expect((await findUserByUserId("two"))?.name).toBe("Two\nLines");
  });

  it("reports rows with too many values, and JSON values of the wrong type", async () => {
    const { token } = await adminToken();
    const res = await upload(token, "", "name,email\nAnn,ann@x.test\nSmith, Bob,bob@x.test\n");
    expect(res.status).toBe(422);
    expect(reportOf(res).errors[0]).toMatchObject({
      row: 2,
      reason: expect.stringMatching(/3 values but the header has 2 columns/),
    });
    const json = await upload(
      token,
      "?format=json",
      JSON.stringify([
        { name: "Ann", email: "ann@x.test", phone: 5551234 },
        { name: ["x"], email: "b@x.test" },
      ]),
      { type: "application/json" },
    );
    expect(json.status).toBe(422);
    expect(reportOf(json).errors).toEqual([
      { row: 2, field: "name", value: '["x"]', reason: "Must be text" },
      { row: 2, field: "name", reason: "Missing name" },
    ]);
  });

  it("takes the browser's multipart upload and streams NDJSON progress when asked", async () => {
    const { token } = await adminToken();
    const rows = [HEADER];
    for (let i = 1; i <= 6000; i++) rows.push(["", `N ${i}`, `n${i}@x.test`, "", ""]);
    const res = await upload(token, "?dryRun=true", csv(rows), {
      multipart: { name: "people.csv" },
      accept: "application/x-ndjson",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/x-ndjson/);
    const lines = res.text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const progress = lines.filter((l) => l.type === "progress");
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.at(-1)).toEqual({
      type: "progress",
      phase: "checking",
      done: 6000,
      total: 6000,
    });
    expect(lines.at(-1)).toMatchObject({
      type: "report",
      status: 200,
      body: { report: { dryRun: true, total: 6000, valid: 6000 } },
    });

    const bad = await upload(token, "", "name,email\nAnn,nope\n", {
      multipart: { name: "bad.csv" },
      accept: "application/x-ndjson",
    });
    expect(
      bad.text
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l))
        .at(-1),
    ).toMatchObject({
      type: "report",
      status: 422,
      body: { error: { code: "VALIDATION", details: { report: { invalid: 1 } } } },
    });
    // An unreadable file is a plain 400 even when progress was asked for.
    const malformed = await upload(token, "", "name;email\n", {
      multipart: { name: "x.csv" },
      accept: "application/x-ndjson",
    });
    expect(malformed.status).toBe(400);
    // A JSON file chosen in the browser is read as JSON by its name.
    const byName = await upload(token, "?dryRun=true", '[{"name":"A","email":"a@x.test"}]', {
      multipart: { name: "people.json" },
    });
    expect(byName.json.report.valid).toBe(1);
  });

  it("refuses other content types (415), files over IMPORT_MAX_BYTES (413) and a form without a file", async () => {
    const { token } = await adminToken();
    expect((await upload(token, "", "<x/>", { type: "application/xml" })).status).toBe(415);
    process.env.IMPORT_MAX_BYTES = "100";
    resetEnvForTesting();
    try {
      const res = await upload(token, "", `name,email\n${"A,a@x.test\n".repeat(20)}`);
      expect(res.status).toBe(413);
    } finally {
      delete process.env.IMPORT_MAX_BYTES;
      resetEnvForTesting();
    }
    const form = new FormData();
    form.set("other", "x");
    const res = await (importRoute.POST as Handler)(
      new Request("http://localhost/api/v1/import/customers", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "x-caseline-socket-address": "127.0.0.1" },
        body: form,
      }),
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/Choose a file/);
  });

  it("is for admins only: engineers and customers 403, anonymous 401", async () => {
    const engineer = await makeUser("ENGINEER");
    const customer = await makeUser("CUSTOMER");
    const file = "name,email\nAnn,ann@x.test\n";
    for (const who of [engineer, customer]) {
      const token = await tokenFor(who.user);
      expect((await upload(token, "", file)).status).toBe(403);
      expect((await exportAll(token, "csv")).status).toBe(403);
    }
    expect((await upload(undefined, "", file)).status).toBe(401);
    expect((await call(exportRoute.GET, "GET", "/api/v1/export/customers")).status).toBe(401);
    expect(await customerCount()).toBe(1);
  });
});

describe("customer export", () => {
  async function seed(n: number) {
    const rows = [HEADER];
    for (let i = 1; i <= n; i++) {
      rows.push([
        `c${String(i).padStart(5, "0")}`,
        `Customer ${i}`,
        `c${i}@x.test`,
        i % 2 ? "Acme" : "",
        "",
      ]);
    }
    const { admin, token } = await adminToken();
    const res = await upload(token, "", csv(rows));
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    return { admin, token };
  }

  it("streams past a single page: every customer once, oldest first, as an attachment", async () => {
    const { token } = await seed(2_600);
    const res = await exportAll(token, "csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="customers-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(res.text.startsWith("userId,name,email,company,phone,status,createdAt\n")).toBe(true);
    const records = parse(res.text, { bom: true, columns: true }) as Record<string, string>[];
    const ids = records.map((r) => r.userId);
    expect(ids.length).toBe(2_600);
    expect(new Set(ids).size).toBe(2_600);
    expect(ids).toEqual([...ids].sort());
    expect(records[0]).toMatchObject({ userId: "c00001", status: "ACTIVE", company: "Acme" });

    const json = await exportAll(token, "json");
    expect(json.headers.get("content-disposition")).toMatch(/filename="customers-.*\.json"/);
    expect(json.json.length).toBe(2_600);
    expect(Object.keys(json.json[0])).toEqual([
      "userId",
      "name",
      "email",
      "company",
      "phone",
      "status",
      "createdAt",
    ]);
    // The customer list's filters apply.
    const acme = await exportAll(token, "json", "company=acme");
    expect(acme.json.length).toBe(1_300);
    const one = await exportAll(token, "json", "q=c00042");
    expect(one.json.map((c: { userId: string }) => c.userId)).toEqual(["c00042"]);
  });

  it("answers an empty CSV (header only) and an empty JSON array when there are no customers", async () => {
    const { token } = await adminToken();
    // Read as bytes: a text decoder drops the BOM that tells Excel the file is UTF-8.
    const res = await exportRoute.GET(
      new Request("http://localhost/api/v1/export/customers", {
        headers: { authorization: `Bearer ${token}`, "x-caseline-socket-address": "127.0.0.1" },
      }),
    );
    expect(Buffer.from(await res.arrayBuffer()).toString("latin1")).toBe(
      "\xEF\xBB\xBFuserId,name,email,company,phone,status,createdAt\n",
    );
    expect((await exportAll(token, "json")).json).toEqual([]);
  });

  it("quotes commas, quotes and newlines, guards formulas, and round-trips through import", async () => {
    const { admin, token } = await adminToken();
    const tricky = [
      HEADER,
      ["qq1", 'Ann "Annie" Lee', "qq1@x.test", "Lee, Lee & Partners", "+44 20 7946 0000"],
      ["qq2", "Bob\nTwo Lines", "qq2@x.test", 'The "Best" Co', ""],
      ["qq3", '=HYPERLINK("http://x")', "qq3@x.test", "@Corp", ""],
      ["qq4", "Zoë Ünïcode", "qq4@x.test", "", ""],
    ];
    expect((await upload(token, "", csv(tricky))).status).toBe(200);
    await updateCustomer(admin.actor, "qq4", { active: false });

    const out = await exportAll(token, "csv");
    expect(out.text).toContain('"Ann ""Annie"" Lee"');
    expect(out.text).toContain('"Lee, Lee & Partners"');
    expect(out.text).toContain('"Bob\nTwo Lines"');
    expect(out.text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(out.text).toContain("'@Corp");
    const jsonOut = await exportAll(token, "json");
    expect(jsonOut.json.find((c: { userId: string }) => c.userId === "qq3").name).toBe(
      '=HYPERLINK("http://x")',
    );

    const snapshot = async () =>
      (
        await getDb()
          .select({
            user_id: users.userId,
            name: users.name,
            email: users.email,
            company: users.company,
            phone: users.phone,
            deactivatedAt: users.deactivatedAt,
          })
          .from(users)
          .where(eq(users.userType, "CUSTOMER"))
          .orderBy(asc(users.userId))
      ).map(({ deactivatedAt, ...customer }) => ({ ...customer, off: deactivatedAt !== null }));
    const before = await snapshot();
    expect(before).toHaveLength(4);

    for (const [format, text, type] of [
      ["csv", out.text, "text/csv"],
      ["json", jsonOut.text, "application/json"],
    ] as const) {
      // A database without these customers: every customer row goes (their events, tokens and
      // sessions cascade), so the file is imported as into a new installation.
      await writeTransaction(async () => {
        await getDb().delete(users).where(eq(users.userType, "CUSTOMER"));
      });
      expect(await snapshot()).toEqual([]);
      const fresh = await adminToken();
      const res = await upload(fresh.token, `?format=${format}`, text, { type });
      expect(res.status, `${format}: ${res.text.slice(0, 300)}`).toBe(200);
      expect(res.json.report).toMatchObject({ imported: 4, invited: 3 });
      expect(res.json.message).toMatch(/1 customer marked DEACTIVATED in the file was not invited/);
      expect(await snapshot(), format).toEqual(before);
    }
  });
});
