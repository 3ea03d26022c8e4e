"use client";

import { Paperclip } from "lucide-react";
import { useState, type Ref } from "react";
import { buttonClass } from "./button";
import { cn } from "./cn";

/**
 * A file chooser that looks like the rest of the app: a real `<input type="file">` (so forms,
 * drag-and-drop onto it, and `setInputFiles` in tests all work), visually hidden but focusable,
 * with a label styled as a button that shows the focus ring when the input has keyboard focus.
 * Space or Enter on the focused input opens the browser's picker. The chosen names are listed
 * beside it and announced.
 */
export function FilePicker({
  id,
  label,
  hint,
  buttonLabel,
  multiple = false,
  accept,
  disabled,
  inputRef,
  onFiles,
}: {
  id: string;
  label: string;
  hint?: string;
  buttonLabel?: string;
  multiple?: boolean;
  accept?: string;
  disabled?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  onFiles?: (files: File[]) => void;
}) {
  const [names, setNames] = useState<string[]>([]);
  const chosen =
    names.length === 0
      ? multiple
        ? "No files chosen"
        : "No file chosen"
      : names.length === 1
        ? names[0]
        : `${names.length} files: ${names.join(", ")}`;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
        {label}
      </label>
      <div className="flex flex-wrap items-center gap-3">
        <input
          ref={inputRef}
          id={id}
          type="file"
          multiple={multiple}
          accept={accept}
          disabled={disabled}
          aria-describedby={`${id}-chosen${hint ? ` ${id}-hint` : ""}`}
          className="peer sr-only"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            setNames(files.map((f) => f.name));
            onFiles?.(files);
          }}
        />
        <label
          htmlFor={id}
          className={cn(
            buttonClass({ variant: "secondary", size: "sm" }),
            "cursor-pointer peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-indigo-500 peer-disabled:cursor-not-allowed peer-disabled:opacity-60",
          )}
        >
          <Paperclip className="size-4" aria-hidden />
          {buttonLabel ?? (multiple ? "Choose files" : "Choose a file")}
        </label>
        <span
          id={`${id}-chosen`}
          aria-live="polite"
          data-file-names
          className="min-w-0 text-sm break-all text-zinc-600 dark:text-zinc-400"
        >
          {chosen}
        </span>
      </div>
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-zinc-600 dark:text-zinc-400">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
