/** Roles and statuses (docs/roles-and-accounts.md#roles-and-statuses). Plain constants, safe to import in browser code. */
export const USER_TYPES = ["CUSTOMER", "ENGINEER", "ADMIN"] as const;
export const USER_STATUSES = ["APPROVED", "PENDING", "REJECTED"] as const;
export type UserType = (typeof USER_TYPES)[number];
export type UserStatus = (typeof USER_STATUSES)[number];
