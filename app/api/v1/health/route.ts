import { storageHealth } from "@/lib/files/store";
import { databaseHealth } from "@/lib/health";
import { withApi } from "@/lib/http/with-api";
import { otherMethods } from "@/lib/http/route-methods";

export const GET = withApi(
  async () => {
    // Storage is reported, not judged: without a bucket the rest of Caseline still works, and
    // every instance shares the same bucket, so taking this one out of rotation would not help.
    const [health, storage] = await Promise.all([databaseHealth(), storageHealth()]);
    return Response.json({ ...health, storage }, { status: health.status === "ok" ? 200 : 503 });
  },
  { auth: false },
);

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
