import { handlers } from "@/lib/auth/auth";
import { otherMethods } from "@/lib/http/route-methods";

export const { GET, POST } = handlers;

export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
