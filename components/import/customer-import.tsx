"use client";

import { useEffect, useRef, useState } from "react";
import { useHydrated } from "@/components/forms/use-hydrated";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { FilePicker } from "@/components/ui/file-picker";
import type { ImportReport } from "@/lib/validation/import";
import { ImportProgressBar, type Progress } from "./import-progress";
import { ProblemTable, ReportCounts } from "./import-report";
import { uploadImport, type ImportOutcome } from "./upload";

type Stage =
  | { kind: "idle" }
  | { kind: "busy"; dryRun: boolean; progress: Progress }
  | { kind: "failed"; message: string }
  | { kind: "checked"; message: string; report: ImportReport }
  | { kind: "rejected"; message: string; report: ImportReport }
  | { kind: "done"; message: string; report: ImportReport };

const n = (value: number) => value.toLocaleString("en-US");
const sizeOf = (bytes: number) =>
  bytes < 1024
    ? `${bytes} bytes`
    : bytes < 1_048_576
      ? `${(bytes / 1024).toFixed(0)} KB`
      : `${+(bytes / 1_048_576).toFixed(1)} MB`;

/**
 * Admin: import customers from a CSV or JSON file. Checking (a dry run) comes first and doubles as
 * the confirmation: only a file whose every row is valid offers "Import and invite".
 */
export function CustomerImport({ maxBytes }: { maxBytes: number }) {
  const input = useRef<HTMLInputElement>(null);
  // Remounts the picker on "start over", so the name it lists clears with the input.
  const [picks, setPicks] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  const [stage, setStage] = useState<Stage>({ kind: "idle" });
  const hydrated = useHydrated();
  const busy = stage.kind === "busy";
  // When an answer arrives, keyboard and screen-reader users are taken to it.
  const outcome = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (stage.kind !== "idle" && stage.kind !== "busy") outcome.current?.focus();
  }, [stage.kind]);

  const choose = (chosen: File | null) => {
    setFile(chosen);
    setStage(
      chosen && chosen.size > maxBytes
        ? {
            kind: "failed",
            message: `This file is ${sizeOf(chosen.size)}; the limit is ${sizeOf(maxBytes)}. Split it into smaller files.`,
          }
        : { kind: "idle" },
    );
  };

  const send = async (dryRun: boolean) => {
    if (!file) return;
    try {
      // A file edited on disk since it was chosen can't be read any more: say so, not "network".
      await file.slice(0, 1).arrayBuffer();
    } catch {
      return setStage({
        kind: "failed",
        message: "The file changed since you chose it. Choose it again, then check it.",
      });
    }
    setStage({ kind: "busy", dryRun, progress: { step: "upload", done: 0, total: file.size } });
    const outcome: ImportOutcome = await uploadImport(file, dryRun, (event) =>
      setStage({
        kind: "busy",
        dryRun,
        progress:
          event.type === "upload"
            ? { step: "upload", done: event.loaded, total: event.total }
            : { step: event.phase, done: event.done, total: event.total },
      }),
    );
    if (outcome.kind === "error") return setStage({ kind: "failed", message: outcome.message });
    const { message, report } = outcome;
    if (report.dryRun) setStage({ kind: "checked", message, report });
    else if (report.imported) setStage({ kind: "done", message, report });
    else setStage({ kind: "rejected", message, report });
  };

  const startOver = () => {
    setFile(null);
    setPicks((n) => n + 1);
    setStage({ kind: "idle" });
    // The picker remounts with an empty input; focus it once it is there.
    requestAnimationFrame(() => input.current?.focus());
  };

  if (stage.kind === "done") {
    return (
      <div className="space-y-4">
        <div ref={outcome} tabIndex={-1} className="outline-none">
          <Alert tone="success">
            <p className="font-medium">{stage.message}</p>
          </Alert>
        </div>
        <ReportCounts report={stage.report} />
        <div className="flex flex-wrap gap-2">
          <ButtonLink href="/customers">Go to customers</ButtonLink>
          <Button variant="secondary" onClick={startOver}>
            Import another file
          </Button>
        </div>
      </div>
    );
  }

  const report = stage.kind === "checked" || stage.kind === "rejected" ? stage.report : null;
  const allValid = stage.kind === "checked" && stage.report.invalid === 0;

  return (
    <div className="space-y-5">
      <FilePicker
        key={picks}
        id="import-file"
        label="CSV or JSON file"
        accept=".csv,.json,text/csv,application/json"
        disabled={busy || !hydrated}
        inputRef={input}
        onFiles={(files) => choose(files[0] ?? null)}
        hint={
          file
            ? sizeOf(file.size)
            : `UTF-8, comma-separated, with a header line; up to ${sizeOf(maxBytes)}.`
        }
      />

      {stage.kind === "busy" ? (
        <ImportProgressBar progress={stage.progress} dryRun={stage.dryRun} />
      ) : null}

      <div ref={outcome} tabIndex={-1} className="space-y-5 outline-none empty:hidden">
        {stage.kind === "failed" ? (
          <Alert tone="error">
            <p className="font-medium">This file can&apos;t be imported.</p>
            <p className="mt-1">{stage.message}</p>
          </Alert>
        ) : null}

        {report ? (
          <div className="space-y-4">
            {report.invalid ? (
              <Alert tone="error">
                <p className="font-medium">
                  {stage.kind === "checked" || stage.kind === "rejected" ? stage.message : ""}
                </p>
              </Alert>
            ) : (
              <Alert tone="success">
                <p className="font-medium">
                  {report.total === 1
                    ? "The row is valid."
                    : `All ${n(report.total)} rows are valid.`}
                </p>
              </Alert>
            )}
            <ReportCounts report={report} />
            <ProblemTable report={report} fileName={file?.name ?? "import"} />
            {report.invalid ? (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">
                Fix the file, choose it again above, and check it again.
              </p>
            ) : null}
          </div>
        ) : null}
      </div>

      {allValid ? (
        <div className="rounded-md border border-indigo-200 bg-indigo-50/60 p-4 dark:border-indigo-900 dark:bg-indigo-950/40">
          <p className="font-medium">
            Import {n(stage.report.total)} customer{stage.report.total === 1 ? "" : "s"} and email
            {stage.report.total === 1 ? " them" : " each of them"} an invitation?
          </p>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            They are added as active customers without a password; the email has a link, valid 7
            days, to choose one. All of the file is imported, or none of it.
          </p>
          <div className="mt-3 flex flex-wrap gap-2">
            <Button onClick={() => send(false)} disabled={!hydrated}>
              Import and invite
            </Button>
            <Button variant="secondary" onClick={startOver}>
              Cancel
            </Button>
          </div>
        </div>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button onClick={() => send(true)} disabled={!file || busy || !hydrated}>
            {stage.kind === "busy"
              ? stage.dryRun
                ? "Checking…"
                : "Importing…"
              : report
                ? "Check again"
                : "Check file"}
          </Button>
          {file && !busy ? (
            <Button variant="ghost" onClick={startOver}>
              Clear
            </Button>
          ) : null}
        </div>
      )}
    </div>
  );
}
