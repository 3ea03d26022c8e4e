import type { Metadata } from "next";
import Link from "next/link";
import { resetPasswordAction } from "@/app/(auth)/actions";
import { ResetPasswordForm } from "@/components/auth/account-recovery-forms";
import { Alert } from "@/components/ui/alert";

export const metadata: Metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string }>;
}) {
  const { token } = await searchParams;
  return (
    <>
      <h1 className="text-xl font-semibold">Choose a new password</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">
        Every device signed in with your old password will be signed out.
      </p>
      {token ? (
        <ResetPasswordForm token={token} action={resetPasswordAction} />
      ) : (
        <Alert tone="error">
          This page needs the link from your email.{" "}
          <Link href="/forgot-password" className="font-medium underline">
            Ask for a new link
          </Link>
        </Alert>
      )}
    </>
  );
}
