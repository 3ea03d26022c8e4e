import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { signInAction } from "@/app/(auth)/actions";
import { SigninForm } from "@/components/auth/signin-form";
import { homeFor } from "@/lib/auth/actor";
import { safeNextPath } from "@/lib/auth/safe-next";
import { currentActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sign in" };

export default async function SigninPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string }>;
}) {
  const actor = await currentActor();
  if (actor) redirect(homeFor(actor.userType));
  const { next } = await searchParams;
  return (
    <>
      <h1 className="text-xl font-semibold">Sign in to Caseline</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">
        Use your user ID or your email address.
      </p>
      <SigninForm next={safeNextPath(next) ?? undefined} action={signInAction} />
    </>
  );
}
