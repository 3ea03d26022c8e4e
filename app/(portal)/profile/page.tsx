import type { Metadata } from "next";
import { updateProfileAction } from "@/app/(portal)/profile/actions";
import { ButtonLink } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { ProfileForm } from "@/components/users/profile-form";
import { requireActor } from "@/lib/auth/session";
import { getUser } from "@/lib/users/get-user";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfilePage() {
  const actor = await requireActor();
  const me = await getUser(actor, actor.userId);
  return (
    <>
      <PageHeader
        title="Profile"
        description={
          <>
            Signed in as <span className="font-mono">{me.userId}</span>. Your user ID can&apos;t be
            changed.
          </>
        }
        actions={
          <ButtonLink href="/profile/password" variant="secondary">
            Change password
          </ButtonLink>
        }
      />
      <Card className="max-w-xl">
        <ProfileForm user={me} action={updateProfileAction} />
      </Card>
    </>
  );
}
