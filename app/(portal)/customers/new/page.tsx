import type { Metadata } from "next";
import Link from "next/link";
import { createCustomerAction } from "@/app/(portal)/customers/actions";
import { NewCustomerForm } from "@/components/crm/customer-form";
import { Card, PageHeader } from "@/components/ui/card";
import { requireActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Add customer" };

export default async function NewCustomerPage() {
  await requireActor("ADMIN");
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/customers" className="text-indigo-700 hover:underline dark:text-indigo-300">
          ← Customers
        </Link>
      </p>
      <PageHeader
        title="Add a customer"
        description="They get an email with a link to choose their own password; nobody else ever sets it."
      />
      <Card className="max-w-2xl">
        <NewCustomerForm action={createCustomerAction} />
      </Card>
    </>
  );
}
