import { redirect } from "next/navigation";
import { homeFor } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/session";

export default async function DashboardRedirect() {
  const actor = await requireActor();
  redirect(homeFor(actor.userType));
}
