import { redirect } from "next/navigation";
import { ButtonLink } from "@/components/ui/button";
import { PublicFrame } from "@/components/shell/public-frame";
import { homeFor } from "@/lib/auth/actor";
import { currentActor } from "@/lib/auth/session";

export default async function Home() {
  const actor = await currentActor();
  if (actor) redirect(homeFor(actor.userType));
  return (
    <PublicFrame>
      <h1 className="max-w-2xl text-4xl font-semibold tracking-tight sm:text-5xl">
        Every complaint logged, assigned and answered.
      </h1>
      <p className="mt-4 max-w-xl text-lg text-zinc-600 dark:text-zinc-400">
        Caseline is a help desk with a light CRM. Customers raise tickets, engineers fix them, and
        admins follow every ticket from first message to close.
      </p>
      <div className="mt-8 flex flex-wrap gap-3">
        <ButtonLink href="/signup" size="lg">
          Create an account
        </ButtonLink>
        <ButtonLink href="/signin" size="lg" variant="secondary">
          Sign in
        </ButtonLink>
      </div>
    </PublicFrame>
  );
}
