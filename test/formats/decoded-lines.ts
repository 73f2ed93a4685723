/** Splits bytes the way ingest does: on `\n`, each piece decoded as UTF-8 with U+FFFD for invalid bytes. */
export function decodedLines(bytes: Uint8Array): string[] {
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      lines.push(decoder.decode(bytes.subarray(start, i)));
      start = i + 1;
    }
  }
  if (start < bytes.length) lines.push(decoder.decode(bytes.subarray(start)));
  return lines;
}
