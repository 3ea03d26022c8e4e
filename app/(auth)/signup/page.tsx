import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { signUpAction } from "@/app/(auth)/actions";
import { SignupForm } from "@/components/auth/signup-form";
import { homeFor } from "@/lib/auth/actor";
import { currentActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignupPage() {
  const actor = await currentActor();
  if (actor) redirect(homeFor(actor.userType));
  return (
    <>
      <h1 className="text-xl font-semibold">Create your Caseline account</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">
        Customers can raise tickets right away.
      </p>
      <SignupForm action={signUpAction} />
    </>
  );
}
