import { withApi } from "@/lib/http/with-api";
import { openApiDocument } from "@/lib/http/openapi";

export const GET = withApi(() => openApiDocument(), { auth: false });
