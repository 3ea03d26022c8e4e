import { readFlash } from "@/lib/http/flash";
import { FlashToast } from "./toaster";

/**
 * The one-time message a server action left for this page (lib/http/flash.ts), if any: it confirms
 * work that just happened, so it shows as a toast that fades rather than a banner that stays.
 */
export async function FlashBanner() {
  const flash = await readFlash();
  if (!flash) return null;
  return <FlashToast flash={{ ...flash, id: `flash:${flash.tone}:${flash.text}` }} />;
}
