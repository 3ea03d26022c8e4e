import { withApi } from "@/lib/http/with-api";
import { openApiDocument } from "@/lib/http/openapi";
import { otherMethods } from "@/lib/http/route-methods";

export const GET = withApi(() => openApiDocument(), { auth: false });

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
