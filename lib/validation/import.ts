import { z } from "zod";
import { boolish, emptyAsUndefined } from "./common";
import { companyField, emailField, nameField, phoneField, userIdField } from "./users";

/** The columns of a customer export, in order (docs/crm.md#export). Never a password or a hash. */
export const EXPORT_COLUMNS = [
  "userId",
  "name",
  "email",
  "company",
  "phone",
  "status",
  "createdAt",
] as const;

/** What an import reads. `status` and `createdAt` are accepted so an export imports back as is. */
export const IMPORT_COLUMNS = ["userId", "name", "email", "company", "phone", "status"] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
export const REQUIRED_IMPORT_COLUMNS = ["name", "email"] as const;
/** Read from an export and ignored: an imported account is created now. */
export const IGNORED_IMPORT_COLUMNS = ["createdAt"] as const;

const fileFormat = z.enum(["csv", "json"], { error: "Choose format=csv or format=json" });

export const exportCustomersQuery = z.object({
  format: emptyAsUndefined(fileFormat).default("csv"),
  q: emptyAsUndefined(z.string().trim().max(200)),
  company: emptyAsUndefined(z.string().trim().max(120)),
  status: emptyAsUndefined(z.enum(["active", "deactivated"])),
});
export type ExportCustomersQuery = z.infer<typeof exportCustomersQuery>;

export const importCustomersQuery = z.object({
  /** Default: from the Content-Type or the uploaded file's name, else csv. */
  format: emptyAsUndefined(fileFormat),
  /** Validate and report only; nothing is written. */
  dryRun: emptyAsUndefined(boolish).default(false),
});
export type ImportCustomersQuery = z.infer<typeof importCustomersQuery>;

/**
 * One customer row. The field rules are the app's own (the same as adding a customer by hand);
 * an empty userId is derived from the email's local part.
 */
export const importRowSchema = z.object({
  userId: emptyAsUndefined(userIdField),
  name: nameField,
  email: emailField,
  company: companyField,
  phone: phoneField,
  status: emptyAsUndefined(
    z
      .string()
      .trim()
      .toUpperCase()
      .pipe(z.enum(["ACTIVE", "DEACTIVATED"], { error: "Use ACTIVE or DEACTIVATED" })),
  ),
});
export type ImportRow = z.infer<typeof importRowSchema>;

export const importRowErrorSchema = z.object({
  /** 1-based data row (the header is not counted); for JSON the array index + 1. */
  row: z.number(),
  field: z.string().optional(),
  value: z.string().optional(),
  reason: z.string(),
});
export type ImportRowError = z.infer<typeof importRowErrorSchema>;

export const importReportSchema = z
  .object({
    dryRun: z.boolean(),
    /** Customer rows read (blank rows are skipped). */
    total: z.number(),
    /** Rows without a problem. */
    valid: z.number(),
    /** Rows with at least one problem. */
    invalid: z.number(),
    imported: z.number(),
    /** Imported and emailed an invitation (deactivated ones are not invited). */
    invited: z.number(),
    errors: z.array(importRowErrorSchema),
    /** True when there were more problems than the list holds. */
    errorsTruncated: z.boolean(),
  })
  .meta({ id: "ImportReport" });
export type ImportReport = z.infer<typeof importReportSchema>;
