/** What the first bytes of a stream say it is. */
export type ContainerKind = 'gzip' | 'xz' | 'zstd' | 'tar' | 'zip' | 'systemd-journal' | 'data';

const XZ_MAGIC = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
// systemd docs/JOURNAL_FILE_FORMAT.md: the header starts with the signature "LPKSHHRH".
const JOURNAL_MAGIC = [0x4c, 0x50, 0x4b, 0x53, 0x48, 0x48, 0x52, 0x48];

/** Sniffs by magic bytes, not by name: bundles are renamed, and `.log` files are sometimes gzip. */
export function sniffContainer(head: Uint8Array): ContainerKind {
  if (head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08) return 'gzip';
  if (startsWith(head, XZ_MAGIC)) return 'xz';
  if (startsWith(head, ZSTD_MAGIC)) return 'zstd';
  if (startsWith(head, ZIP_MAGIC)) return 'zip';
  if (startsWith(head, JOURNAL_MAGIC)) return 'systemd-journal';
  if (isTarHeader(head)) return 'tar';
  return 'data';
}

function startsWith(head: Uint8Array, magic: readonly number[]): boolean {
  if (head.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (head[i] !== magic[i]) return false;
  return true;
}

/**
 * POSIX/GNU tar headers carry `ustar` at 257; v7 tars do not, so a header whose checksum field matches
 * the sum of its bytes (with the field itself counted as spaces) is a tar too.
 */
export function isTarHeader(head: Uint8Array): boolean {
  if (head.length < 512) return false;
  if (head[257] === 0x75 && head[258] === 0x73 && head[259] === 0x74 && head[260] === 0x61 && head[261] === 0x72) {
    return checksumMatches(head);
  }
  // A v7 header needs a name and an octal size field; a text file's first 512 bytes almost never sum up.
  if (head[0] === 0) return false;
  return checksumMatches(head);
}

function checksumMatches(head: Uint8Array): boolean {
  let stored = 0;
  let digits = 0;
  for (let i = 148; i < 156; i++) {
    const c = head[i];
    if (c >= 0x30 && c <= 0x37) {
      stored = stored * 8 + (c - 0x30);
      digits++;
    } else if (c === 0 || c === 0x20) {
      if (digits > 0) break;
    } else {
      return false;
    }
  }
  if (digits === 0) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : head[i];
  return sum === stored;
}
