import type { Readable } from 'node:stream';
import type { Entry, ZipFile } from 'yauzl';

/** One member of a zip archive, as its central directory lists it. */
export interface ZipMember {
  /** The name as stored (UTF-8 when the archive says so, else read byte for byte), not yet sanitised. */
  readonly name: string;
  readonly kind: 'file' | 'directory' | 'symlink';
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly mtime?: number;
  /** The member's bytes, decompressed; checked against the sizes the central directory declares. */
  open(): Promise<AsyncIterable<Uint8Array>>;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const MADE_BY_UNIX = 3;

/**
 * Lists a zip archive from its central directory (the end of the file) with yauzl, one member at a time. Names are
 * decoded without yauzl's validation (a hostile `../x` or `/etc/x` must be shown sanitised, not stop the archive).
 * Throws when the archive has no readable central directory (cut, or not a zip).
 */
export async function* zipMembers(path: string): AsyncGenerator<ZipMember, void, undefined> {
  // Loaded the first time a zip is met: a run on tarballs never needs it (~20 ms of start-up).
  const { default: yauzl } = await import('yauzl');
  const zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true, strictFileNames: false });
  try {
    while (true) {
      const entry = await nextEntry(zip);
      if (!entry) return;
      const raw = entry.fileName as unknown as Buffer;
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
      const unixMode = entry.versionMadeBy >> 8 === MADE_BY_UNIX ? (entry.externalFileAttributes >>> 16) & S_IFMT : 0;
      const kind = name.endsWith('/') ? 'directory' : unixMode === S_IFLNK ? 'symlink' : 'file';
      // DOS times carry no zone: read as UTC like the bundles' name stamps, so the result never depends on the machine.
      const date = entry.getLastModDate({ timezone: 'UTC' });
      yield {
        name,
        kind,
        compressedSize: entry.compressedSize,
        uncompressedSize: entry.uncompressedSize,
        ...(Number.isNaN(date.getTime()) ? {} : { mtime: date.getTime() }),
        open: async () => (await zip.openReadStreamPromise(entry)) as Readable & AsyncIterable<Uint8Array>,
      };
    }
  } finally {
    zip.close();
  }
}

function nextEntry(zip: ZipFile): Promise<Entry | undefined> {
  return new Promise((resolve, reject) => {
    const onEntry = (entry: Entry): void => { cleanup(); resolve(entry); };
    const onEnd = (): void => { cleanup(); resolve(undefined); };
    const onError = (error: Error): void => { cleanup(); reject(error); };
    const cleanup = (): void => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}
