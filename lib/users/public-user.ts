import type { User } from "@/db/schema";

/** The only shape of a user that leaves the server: never the password hash. */
export type PublicUser = {
  userId: string;
  name: string;
  email: string;
  userType: User["userType"];
  userStatus: User["userStatus"];
  company: string | null;
  phone: string | null;
  emailVerifiedAt: string | null;
  createdAt: string;
  updatedAt: string;
  lastActiveAt: string | null;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toPublicUser(user: User): PublicUser {
  return {
    userId: user.userId,
    name: user.name,
    email: user.email,
    userType: user.userType,
    userStatus: user.userStatus,
    company: user.company,
    phone: user.phone,
    emailVerifiedAt: iso(user.emailVerifiedAt),
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
    lastActiveAt: iso(user.lastActiveAt),
  };
}
