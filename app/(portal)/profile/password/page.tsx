import type { Metadata } from "next";
import { changePasswordAction } from "@/app/(portal)/profile/actions";
import { Card, PageHeader } from "@/components/ui/card";
import { PasswordForm } from "@/components/users/password-form";
import { requireActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Change password" };

export default async function PasswordPage() {
  await requireActor();
  return (
    <>
      <PageHeader
        title="Change password"
        description="Other browsers and API tokens are signed out when you change it."
      />
      <Card className="max-w-xl">
        <PasswordForm action={changePasswordAction} />
      </Card>
    </>
  );
}
