import type { ServerAction } from "@/components/forms/server-action";
import { ActionButton } from "@/components/ui/action-button";
import type { PublicUser } from "@/lib/users/public-user";
import type { UserStatus } from "@/lib/users/roles";

/** Approve or reject a pending engineer (or a promotion to admin). */
export function DecisionButtons({
  user,
  decideAction,
}: {
  user: Pick<PublicUser, "userId" | "name" | "userType" | "userStatus">;
  /** The admins' user update, given the decision as a status change. */
  decideAction: ServerAction<{ userId: string; changes: { userStatus: UserStatus } }>;
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
          action={decideAction.bind(null, {
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
          action={decideAction.bind(null, {
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
