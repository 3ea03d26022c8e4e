import { AppError } from "@/lib/errors";
import { withApi } from "@/lib/http/with-api";

/** Any other path under /api/v1 answers 404 with the JSON error shape, whatever the method. */
const unknownRoute = withApi(
  ({ req }) => {
    throw new AppError("NOT_FOUND", `No API route ${req.method} ${new URL(req.url).pathname}`);
  },
  { auth: false },
);
export {
  unknownRoute as GET,
  unknownRoute as POST,
  unknownRoute as PUT,
  unknownRoute as PATCH,
  unknownRoute as DELETE,
  unknownRoute as HEAD,
  unknownRoute as OPTIONS,
};
