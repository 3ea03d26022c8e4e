import { Download } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { CustomerImport } from "@/components/import/customer-import";
import { buttonClass } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { requireActor } from "@/lib/auth/session";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Import and export customers" };

const TEMPLATE =
  "userId,name,email,company,phone\nann.lee,Ann Lee,ann.lee@example.com,Acme Ltd,+44 20 7946 0000\n";

export default async function CustomerImportPage() {
  await requireActor("ADMIN");
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/customers" className="text-indigo-700 hover:underline dark:text-indigo-300">
          ← Customers
        </Link>
      </p>
      <PageHeader
        title="Import and export customers"
        description="Add many customers at once from a CSV or JSON file, or download them all."
      />
      <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <Card>
          <h2 className="mb-1 text-lg font-semibold">Import</h2>
          <p className="mb-5 text-sm text-zinc-600 dark:text-zinc-400">
            Check the file first: every row is validated and each problem is listed. Nothing is
            imported until every row is valid, and then all of them are, in one go.
          </p>
          <CustomerImport maxBytes={env().IMPORT_MAX_BYTES} />
        </Card>
        <div className="space-y-6">
          <Card>
            <h2 className="mb-1 text-lg font-semibold">Export</h2>
            <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
              Every customer with user ID, name, email, company, phone, status and sign-up date.
              Never a password.
            </p>
            <div className="flex flex-wrap gap-2">
              <a
                href="/api/v1/export/customers?format=csv"
                download
                className={buttonClass({ variant: "secondary" })}
              >
                <Download className="size-4" aria-hidden />
                Export CSV
              </a>
              <a
                href="/api/v1/export/customers?format=json"
                download
                className={buttonClass({ variant: "secondary" })}
              >
                <Download className="size-4" aria-hidden />
                Export JSON
              </a>
            </div>
          </Card>
          <Card>
            <h2 className="mb-2 text-lg font-semibold">The file</h2>
            <ul className="space-y-1.5 text-sm text-zinc-700 dark:text-zinc-300">
              <li>
                Columns <code className="text-xs">name</code> and{" "}
                <code className="text-xs">email</code> are required;{" "}
                <code className="text-xs">userId</code>, <code className="text-xs">company</code>{" "}
                and <code className="text-xs">phone</code> are optional.
              </li>
              <li>A blank user ID is made from the email (ann.lee@… becomes ann.lee).</li>
              <li>CSV: UTF-8, commas between columns, a header line first.</li>
              <li>JSON: an array of objects with the same fields.</li>
              <li>
                No passwords: each customer is emailed an invitation to choose their own. A password
                column is refused.
              </li>
              <li>An export imports back as it is, into another Caseline.</li>
            </ul>
            <a
              href={`data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE)}`}
              download="customers-template.csv"
              className="mt-3 inline-block text-sm text-indigo-700 hover:underline dark:text-indigo-300"
            >
              Download a CSV template
            </a>
          </Card>
        </div>
      </div>
    </>
  );
}
