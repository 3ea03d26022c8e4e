/** The part of busboy's API that lib/http/multipart-upload.ts uses (Next's compiled copy has no types). */
declare module "next/dist/compiled/busboy" {
  import type { Writable } from "node:stream";
  type Busboy = Writable & {
    on(event: string, listener: (...args: never[]) => void): Busboy;
  };
  export default function busboy(config: {
    headers: Record<string, string>;
    limits?: { fileSize?: number; files?: number; fields?: number; fieldSize?: number };
  }): Busboy;
}
