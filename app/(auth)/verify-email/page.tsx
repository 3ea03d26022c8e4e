import type { Metadata } from "next";
import { verifyEmailAction } from "@/app/(auth)/actions";
import { VerifyEmailForm } from "@/components/auth/account-recovery-forms";
import { Alert } from "@/components/ui/alert";

export const metadata: Metadata = { title: "Confirm your email address" };

export default async function VerifyEmailPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string }>;
}) {
  const { token } = await searchParams;
  return (
    <>
      <h1 className="text-xl font-semibold">Confirm your email address</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">
        One click, and we know the address on your account reaches you.
      </p>
      {token ? (
        <VerifyEmailForm token={token} action={verifyEmailAction} />
      ) : (
        <Alert tone="error">
          This page needs the link from your email. Signed in? Your profile can send a new one.
        </Alert>
      )}
    </>
  );
}
