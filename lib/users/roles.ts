/**
 * Roles and statuses (docs/roles-and-accounts.md#roles-and-statuses), from the one leaf module of
 * enums (db/enums.ts). Plain constants, safe to import in browser code.
 */
export { USER_STATUSES, USER_TYPES, type UserStatus, type UserType } from "@/db/enums";
