import { Button, ButtonLink } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { PRIORITIES, PRIORITY_LABEL, STATUS_LABEL, TICKET_STATUSES } from "@/lib/tickets/statuses";
import { GetForm } from "@/components/ui/get-form";

type Search = Record<string, string | undefined>;
type Engineer = { userId: string; name: string };

const label = "mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400";

/** Filters live in the URL (a GET form), so every view can be bookmarked, shared and saved. */
export function TicketFilters({
  search,
  engineers,
  isAdmin,
  simple = false,
}: {
  search: Search;
  engineers?: Engineer[];
  isAdmin: boolean;
  /** A customer's handful of tickets: words and open-or-done, nothing more. */
  simple?: boolean;
}) {
  const status =
    search.active === "true"
      ? "active"
      : search.active === "false"
        ? "inactive"
        : (search.status ?? "");
  return (
    <GetForm
      role="search"
      aria-label="Filter tickets"
      className={
        simple
          ? "mb-4 grid gap-3 rounded-lg border border-zinc-200 bg-white p-3 sm:grid-cols-[1fr_14rem_auto] sm:items-end dark:border-zinc-800 dark:bg-zinc-900"
          : "mb-4 grid gap-3 rounded-lg border border-zinc-200 bg-white p-3 sm:grid-cols-2 lg:grid-cols-6 dark:border-zinc-800 dark:bg-zinc-900"
      }
    >
      <div className={simple ? undefined : "sm:col-span-2"}>
        <label htmlFor="q" className={label}>
          Search
        </label>
        <Input
          id="q"
          name="q"
          type="search"
          data-shortcut="search"
          placeholder="Words in the title, description or replies"
          defaultValue={search.q ?? ""}
        />
      </div>
      <div>
        <label htmlFor="statusFilter" className={label}>
          Status
        </label>
        <Select id="statusFilter" name="statusFilter" defaultValue={status}>
          <option value="">Any status</option>
          <option value="active">Active (open, in progress, blocked)</option>
          <option value="inactive">Resolved or closed</option>
          {simple
            ? null
            : TICKET_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABEL[s]}
                </option>
              ))}
        </Select>
      </div>
      {simple ? null : (
        <>
          <div>
            <label htmlFor="ticketPriority" className={label}>
              Priority
            </label>
            <Select
              id="ticketPriority"
              name="ticketPriority"
              defaultValue={search.ticketPriority ?? ""}
            >
              <option value="">Any priority</option>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {PRIORITY_LABEL[p]}
                </option>
              ))}
            </Select>
          </div>
          <div>
            <label htmlFor="sort" className={label}>
              Sort by
            </label>
            <Select id="sort" name="sort" defaultValue={search.sort ?? "created"}>
              <option value="created">Created</option>
              <option value="updated">Last updated</option>
              <option value="priority">Priority</option>
            </Select>
          </div>
          <div>
            <label htmlFor="order" className={label}>
              Order
            </label>
            <Select id="order" name="order" defaultValue={search.order ?? ""}>
              <option value="">Default</option>
              <option value="desc">Newest / highest first</option>
              <option value="asc">Oldest / lowest first</option>
            </Select>
          </div>
          {isAdmin ? (
            <>
              <div>
                <label htmlFor="assignee" className={label}>
                  Assignee
                </label>
                <Select id="assignee" name="assignee" defaultValue={search.assignee ?? ""}>
                  <option value="">Anyone</option>
                  <option value="none">Unassigned</option>
                  {engineers?.map((e) => (
                    <option key={e.userId} value={e.userId}>
                      {e.name}
                    </option>
                  ))}
                </Select>
              </div>
              <div>
                <label htmlFor="reporter" className={label}>
                  Reporter (user ID)
                </label>
                <Input id="reporter" name="reporter" defaultValue={search.reporter ?? ""} />
              </div>
              <div>
                <label htmlFor="createdFrom" className={label}>
                  Created from
                </label>
                <Input
                  id="createdFrom"
                  name="createdFrom"
                  type="date"
                  defaultValue={search.createdFrom ?? ""}
                />
              </div>
              <div>
                <label htmlFor="createdTo" className={label}>
                  Created to
                </label>
                <Input
                  id="createdTo"
                  name="createdTo"
                  type="date"
                  defaultValue={search.createdTo ?? ""}
                />
              </div>
              <div>
                <label htmlFor="resolvedFrom" className={label}>
                  Resolved from
                </label>
                <Input
                  id="resolvedFrom"
                  name="resolvedFrom"
                  type="date"
                  defaultValue={search.resolvedFrom ?? ""}
                />
              </div>
              <div>
                <label htmlFor="resolvedTo" className={label}>
                  Resolved to
                </label>
                <Input
                  id="resolvedTo"
                  name="resolvedTo"
                  type="date"
                  defaultValue={search.resolvedTo ?? ""}
                />
              </div>
            </>
          ) : null}
        </>
      )}
      <div
        className={
          simple ? "flex items-end gap-2" : "flex items-end gap-2 sm:col-span-2 lg:col-span-6"
        }
      >
        <Button type="submit">Apply filters</Button>
        <ButtonLink href="/tickets" variant="ghost">
          Clear
        </ButtonLink>
      </div>
    </GetForm>
  );
}

/** The status control is one select in the form but two parameters in the API. */
export function listParamsFrom(search: Search): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(search))
    if (v && k !== "statusFilter" && k !== "deleted") params[k] = v;
  const s = search.statusFilter;
  if (s === "active") params.active = "true";
  else if (s === "inactive") params.active = "false";
  else if (s) params.status = s;
  return params;
}
