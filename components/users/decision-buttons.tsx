import { updateUserAction } from "@/app/(portal)/admin/actions";
import { ActionButton } from "@/components/ui/action-button";
import type { PublicUser } from "@/lib/users/public-user";

/** Approve or reject a pending engineer (or a promotion to admin). */
export function DecisionButtons({
  user,
}: {
  user: Pick<PublicUser, "userId" | "name" | "userType" | "userStatus">;
}) {
  const what =
    user.userType === "ADMIN" ? "admin promotion" : `${user.userType.toLowerCase()} account`;
  return (
    <div className="flex flex-wrap gap-2">
      {user.userStatus !== "APPROVED" ? (
        <ActionButton
          size="sm"
          pendingLabel="Approving…"
          label={`Approve ${user.name}`}
          action={updateUserAction.bind(null, {
            userId: user.userId,
            changes: { userStatus: "APPROVED" },
          })}
        >
          Approve
        </ActionButton>
      ) : null}
      {user.userStatus !== "REJECTED" ? (
        <ActionButton
          size="sm"
          variant="secondary"
          pendingLabel="Rejecting…"
          label={`Reject ${user.name}`}
          confirm={{
            title: `Reject ${user.name}?`,
            body: `The ${what} of ${user.name} (${user.userId}) will be refused at sign-in, and any token they hold stops working. You can approve them later.`,
            confirmLabel: "Reject",
          }}
          action={updateUserAction.bind(null, {
            userId: user.userId,
            changes: { userStatus: "REJECTED" },
          })}
        >
          Reject
        </ActionButton>
      ) : null}
    </div>
  );
}
