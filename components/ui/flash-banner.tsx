import { readFlash } from "@/lib/http/flash";
import { Alert } from "./alert";

/** The one-time message a server action left for this page (lib/http/flash.ts), if any. */
export async function FlashBanner() {
  const flash = await readFlash();
  if (!flash) return null;
  return (
    <Alert tone={flash.tone} className="mb-4">
      {flash.text}
    </Alert>
  );
}
