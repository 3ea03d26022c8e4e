import type { ImportReport } from "@/lib/validation/import";

export type ImportPhase = "checking" | "importing";

export type UploadEvent =
  | { type: "upload"; loaded: number; total: number }
  | { type: "progress"; phase: ImportPhase; done: number; total: number };

/** What the server answered: the report (200 or 422), or a message for a file it couldn't read. */
export type ImportOutcome =
  | { kind: "report"; status: number; message: string; report: ImportReport }
  | { kind: "error"; status: number; message: string };

type Body = {
  message?: string;
  report?: ImportReport;
  error?: { message?: string; details?: { report?: ImportReport } };
};

function outcomeOf(status: number, body: Body | undefined): ImportOutcome {
  const report = body?.report ?? body?.error?.details?.report;
  const message = body?.message ?? body?.error?.message ?? `The server answered ${status}`;
  return report ? { kind: "report", status, message, report } : { kind: "error", status, message };
}

/**
 * Sends the file to POST /api/v1/import/customers with XMLHttpRequest, the one browser API that
 * reports upload progress, and asks for NDJSON so the server's own progress arrives as it goes:
 * `{"type":"progress",…}` lines, then a `{"type":"report",status,body}` line.
 */
export function uploadImport(
  file: File,
  dryRun: boolean,
  onEvent: (event: UploadEvent) => void,
): Promise<ImportOutcome> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/v1/import/customers?dryRun=${dryRun}`);
    xhr.setRequestHeader("Accept", "application/x-ndjson");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onEvent({ type: "upload", loaded: e.loaded, total: e.total });
    };

    let read = 0;
    let importing = false;
    let last: ImportOutcome | undefined;
    const consume = (final: boolean) => {
      if (!/ndjson/i.test(xhr.getResponseHeader("content-type") ?? "")) return;
      const text = xhr.responseText;
      const end = final ? text.length : text.lastIndexOf("\n") + 1;
      for (const line of text.slice(read, end).split("\n")) {
        if (!line.trim()) continue;
        const message = JSON.parse(line) as
          | ({ type: "progress" } & Omit<Extract<UploadEvent, { type: "progress" }>, "type">)
          | { type: "report"; status: number; body: Body };
        if (message.type === "progress") {
          importing ||= message.phase === "importing";
          onEvent(message);
        } else last = outcomeOf(message.status, message.body);
      }
      read = Math.max(read, end);
    };
    xhr.onprogress = () => consume(false);
    xhr.onload = () => {
      try {
        consume(true);
        if (last) return resolve(last);
        resolve(outcomeOf(xhr.status, xhr.responseText ? JSON.parse(xhr.responseText) : undefined));
      } catch {
        resolve({
          kind: "error",
          status: xhr.status,
          message: "The server's answer was unreadable",
        });
      }
    };
    xhr.onerror = () =>
      resolve({
        kind: "error",
        status: 0,
        // The write is all-or-nothing, but once it has begun only the customer list can tell.
        message: importing
          ? "The connection was lost while importing. Look at the customer list before importing this file again: either all of it or none of it was imported."
          : "The upload failed: check your connection and try again. Nothing was imported.",
      });

    const form = new FormData();
    form.set("file", file);
    xhr.send(form);
  });
}
