import type { Metadata } from "next";
import { createAdminAction } from "@/app/(portal)/admin/actions";
import { Card, PageHeader } from "@/components/ui/card";
import { CreateAdminForm } from "@/components/users/create-admin-form";
import { requireActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "New admin" };

export default async function NewAdminPage() {
  await requireActor("ADMIN");
  return (
    <>
      <PageHeader
        title="New admin"
        description="Admins approve engineers, manage users and see every ticket."
      />
      <Card className="max-w-xl">
        <CreateAdminForm action={createAdminAction} />
      </Card>
    </>
  );
}
