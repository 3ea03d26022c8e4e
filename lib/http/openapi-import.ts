import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import {
  exportCustomersQuery,
  importCustomersQuery,
  importReportSchema,
  importRowSchema,
} from "@/lib/validation/import";
import { errorSchema } from "@/lib/validation/responses";
import { errors, json } from "./openapi-kit";

const exportedCustomer = z
  .object({
    userId: z.string(),
    name: z.string(),
    email: z.string(),
    company: z.string().nullable(),
    phone: z.string().nullable(),
    status: z.enum(["ACTIVE", "DEACTIVATED"]),
    createdAt: z.string(),
  })
  .meta({ id: "ExportedCustomer" });

const csvText = z.string().meta({
  description:
    "CSV with a header line: userId,name,email,company,phone (name and email required; status " +
    "ACTIVE|DEACTIVATED and createdAt, as exported, are accepted). UTF-8, commas.",
  example: "userId,name,email,company,phone\nann.lee,Ann Lee,ann@example.com,Acme,+1 555 0100\n",
});

const progressLine = z.object({
  type: z.literal("progress"),
  phase: z.enum(["checking", "importing"]),
  done: z.number(),
  total: z.number(),
});
const reportLine = z.object({
  type: z.literal("report"),
  status: z.number().meta({ description: "The status the plain JSON answer would have had" }),
  body: z.union([z.object({ message: z.string(), report: importReportSchema }), errorSchema]),
});

/** Customer import and export (docs/crm.md#import, docs/crm.md#export). Merged into the document by openapi.ts. */
export const importPaths: ZodOpenApiPathsObject = {
  "/export/customers": {
    get: {
      operationId: "exportCustomers",
      summary:
        "Export customers (admins): every customer, streamed with no row limit, oldest first, as a download",
      description:
        "Filters as the customer list (`q`, `company`, `status`). CSV starts with a UTF-8 BOM; " +
        "free text starting with = + - @ gets a leading apostrophe so spreadsheets don't run it " +
        "(the import takes it off). Never includes passwords or hashes.",
      requestParams: { query: exportCustomersQuery },
      responses: {
        "200": {
          description: "An attachment named customers-YYYY-MM-DD.csv or .json",
          content: {
            "text/csv": {
              schema: z.string().meta({
                example:
                  "userId,name,email,company,phone,status,createdAt\nann.lee,Ann Lee,ann@example.com,Acme,,ACTIVE,2026-01-02T03:04:05.000Z\n",
              }),
            },
            "application/json": { schema: z.array(exportedCustomer) },
          },
        },
        ...errors(400, 401, 403, 429),
      },
    },
  },
  "/import/customers": {
    post: {
      operationId: "importCustomers",
      summary:
        "Import customers (admins): every row validated, all-or-nothing per file, dry run available",
      description:
        "Send the file as the body (text/csv or application/json) or as the `file` field of " +
        "multipart/form-data. Passwords are never imported (a password column is refused): each " +
        "imported customer is APPROVED and emailed an invitation to choose one. A file that can't " +
        "be read (not UTF-8, empty, not comma-separated, no header, broken quotes, JSON that isn't " +
        "an array of objects) answers 400 naming the problem. With `Accept: application/x-ndjson` " +
        "the answer streams progress lines, then a report line with the status and body below.",
      requestParams: { query: importCustomersQuery },
      requestBody: {
        content: {
          "text/csv": { schema: csvText },
          "application/json": { schema: z.array(importRowSchema.partial()) },
          "multipart/form-data": {
            schema: z.object({ file: z.string().meta({ format: "binary" }) }),
          },
        },
      },
      responses: {
        "200": {
          description: "A dry run's report, or the report of a done import",
          content: {
            "application/json": {
              schema: z.object({ message: z.string(), report: importReportSchema }),
            },
            "application/x-ndjson": {
              schema: z.union([progressLine, reportLine]).meta({
                description: "One JSON object per line: progress lines, then one report line",
              }),
            },
          },
        },
        ...errors(400, 401, 403, 409, 413, 415, 429),
        "422": {
          description:
            "Some rows are bad, so nothing was imported: `error.details.report` lists each bad row",
          ...json(
            z.object({
              error: z.object({
                code: z.literal("VALIDATION"),
                message: z.string(),
                details: z.object({ report: importReportSchema }),
              }),
            }),
          ),
        },
      },
    },
  },
};
