import { Alert } from "./alert";

/** Shown when a list's `?cursor=` was not one it handed out: the list starts again at page one. */
export function CursorRejectedNotice({ show }: { show: boolean }) {
  if (!show) return null;
  return (
    <Alert tone="warning" className="mb-4">
      That page link is out of date or was changed, so this is the first page again.
    </Alert>
  );
}
