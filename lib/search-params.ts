/**
 * A filter form's query without its empty fields: `?q=printer` rather than
 * `?q=printer&statusFilter=&ticketPriority=&assignee=&reporter=&createdFrom=…`. Repeated names
 * keep every non-empty value. Plain code, safe in the browser.
 */
export function withoutEmpty(entries: Iterable<[string, FormDataEntryValue | string]>) {
  const params = new URLSearchParams();
  for (const [name, value] of entries) {
    if (typeof value !== "string") continue; // files never go in an address
    if (value.trim() !== "") params.append(name, value);
  }
  return params;
}
