import type { Metadata } from "next";
import {
  deleteUserAction,
  saveRoleStatusAction,
  updateUserAction,
} from "@/app/(portal)/admin/actions";
import { ActionButton } from "@/components/ui/action-button";
import { Alert } from "@/components/ui/alert";
import { FlashBanner } from "@/components/ui/flash-banner";
import { ButtonLink } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { UserFacts } from "@/components/users/user-facts";
import { DecisionButtons } from "@/components/users/decision-buttons";
import { RoleStatusForm } from "@/components/users/role-status-form";
import { requireActor } from "@/lib/auth/session";
import { detailLoader } from "@/app/(portal)/detail-loader";
import { getUser } from "@/lib/users/get-user";

type Props = { params: Promise<{ userId: string }> };

const userOf = detailLoader(async (userId) =>
  getUser(await requireActor("ADMIN"), decodeURIComponent(userId)),
);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const user = await userOf.find((await params).userId);
  return { title: user ? `${user.name} (${user.userId})` : "Not found" };
}

export default async function UserPage({ params }: Props) {
  const user = await userOf.get((await params).userId);
  return (
    <>
      <PageHeader
        title={user.name}
        description={<span className="font-mono">{user.userId}</span>}
        actions={
          <ButtonLink href="/admin/users" variant="secondary">
            All users
          </ButtonLink>
        }
      />
      <FlashBanner />
      {user.userStatus === "PENDING" ? (
        <Alert tone="warning" className="mb-4">
          <p className="mb-2">
            {user.userType === "ADMIN"
              ? "This promotion to admin waits for approval."
              : "This account waits for approval."}
          </p>
          <DecisionButtons user={user} decideAction={updateUserAction} />
        </Alert>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-[1fr_22rem]">
        <Card>
          <h2 className="mb-4 text-lg font-semibold">Details</h2>
          <UserFacts user={user} />
        </Card>
        <div className="space-y-4">
          <Card>
            <h2 className="mb-1 text-lg font-semibold">Role and status</h2>
            <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
              Promoting someone to admin leaves them pending until an admin approves it.
            </p>
            <RoleStatusForm user={user} saveAction={saveRoleStatusAction} />
          </Card>
          <Card>
            <h2 className="mb-1 text-lg font-semibold">Delete</h2>
            <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
              They can no longer sign in. Their tickets and history stay.
            </p>
            <ActionButton
              variant="danger"
              pendingLabel="Deleting…"
              confirm={{
                title: `Delete ${user.name}?`,
                body: `${user.name} (${user.userId}) will no longer be able to sign in and every token they hold stops working. Their tickets and history stay; their user ID stays reserved. This cannot be undone.`,
                confirmLabel: "Delete user",
              }}
              action={deleteUserAction.bind(null, { userId: user.userId })}
            >
              Delete user
            </ActionButton>
          </Card>
        </div>
      </div>
    </>
  );
}
