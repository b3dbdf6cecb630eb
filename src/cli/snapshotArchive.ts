/**
 * `ipvstop snapshot`'s archive: a gzipped tar (tar-stream, node:zlib) of files under one
 * top directory, written into a file created for it (mode 0600, O_EXCL | O_NOFOLLOW: never an
 * existing file, never through a symlink). A write that fails removes the file it created.
 */
import { unlink } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { pack } from 'tar-stream';
import { createPrivateFile } from '../kernel/fs/privateFile.js';

export interface ArchiveFile {
  /** The path under the top directory (`history/events.txt`). */
  name: string;
  /** Text (written as UTF-8) or bytes. */
  text: string | Buffer;
}

/** An archive file created and not yet written: write() fills it, discard() removes it. */
export interface OpenArchive {
  write(top: string, files: ArchiveFile[], mtime: Date): Promise<void>;
  discard(): Promise<void>;
}

/** Creates `path`, refusing one that exists (a file, a directory or a symlink). */
export async function openArchive(path: string): Promise<OpenArchive> {
  const fd = await createPrivateFile(path);
  const discard = async () => {
    await fd.close().catch(() => {});
    await unlink(path).catch(() => {});
  };
  const write = async (top: string, files: ArchiveFile[], mtime: Date) => {
    try {
      const tar = pack();
      const writing = pipeline(tar, createGzip(), fd.createWriteStream());
      const dirs = new Set(files.map((f) => f.name.split('/').slice(0, -1).join('/')).filter(Boolean));
      tar.entry({ name: `${top}/`, type: 'directory', mode: 0o700, mtime });
      for (const d of dirs) tar.entry({ name: `${top}/${d}/`, type: 'directory', mode: 0o700, mtime });
      for (const f of files)
        tar.entry(
          { name: `${top}/${f.name}`, mode: 0o600, mtime },
          typeof f.text === 'string' ? Buffer.from(f.text, 'utf8') : f.text,
        );
      tar.finalize();
      await writing;
    } catch (e) {
      await discard();
      throw e;
    }
  };
  return { write, discard };
}
