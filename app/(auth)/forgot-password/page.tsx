import type { Metadata } from "next";
import { forgotPasswordAction } from "@/app/(auth)/actions";
import { ForgotPasswordForm } from "@/components/auth/account-recovery-forms";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <>
      <h1 className="text-xl font-semibold">Forgot your password?</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">
        Give the address of your account and we will email you a link to choose a new password.
      </p>
      <ForgotPasswordForm action={forgotPasswordAction} />
    </>
  );
}
