import { mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { FileStore } from "./store";

/**
 * Files under `<DATA_DIR>/attachments/<key>`. Uploads stream to temp files under the same data
 * directory (lib/http/multipart-upload.ts), so putting one in place is a rename.
 */
export function diskStore(dataDir: string): FileStore {
  const directory = path.join(dataDir, "attachments");
  const pathOf = (key: string) => path.join(directory, key);
  return {
    kind: "disk",
    async put(key, tempPath) {
      await mkdir(directory, { recursive: true });
      await rename(tempPath, pathOf(key));
    },
    async open(key) {
      let handle;
      try {
        handle = await open(pathOf(key), "r");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
      try {
        // Size and bytes from the same open file: a removal in between can't tell a wrong length.
        const { size } = await handle.stat();
        return { body: handle.createReadStream(), size };
      } catch (error) {
        await handle.close();
        throw error;
      }
    },
    async remove(keys) {
      for (const key of keys) await rm(pathOf(key), { force: true });
    },
    async check() {
      return "ok";
    },
    close() {},
  };
}
