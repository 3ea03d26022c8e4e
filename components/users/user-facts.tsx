import { RoleBadge, StatusBadge } from "@/components/ui/badge";
import type { PublicUser } from "@/lib/users/public-user";

const date = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleString("en-GB", {
        dateStyle: "medium",
        timeStyle: "short",
        timeZone: "UTC",
      }) + " UTC"
    : "—";

export function UserFacts({ user }: { user: PublicUser }) {
  const rows: [string, React.ReactNode][] = [
    [
      "User ID",
      <span key="u" className="font-mono">
        {user.userId}
      </span>,
    ],
    ["Email", user.email],
    ["Role", <RoleBadge key="r" role={user.userType} />],
    ["Status", <StatusBadge key="s" status={user.userStatus} />],
    ["Company", user.company ?? "—"],
    ["Phone", user.phone ?? "—"],
    ["Member since", date(user.createdAt)],
    ["Last active", date(user.lastActiveAt)],
  ];
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-[10rem_1fr]">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-zinc-600 dark:text-zinc-400">{label}</dt>
          <dd className="-mt-2 sm:mt-0">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
