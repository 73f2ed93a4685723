type XzDecompress = typeof import('xz-decompress');

let xzDecompress: XzDecompress | undefined;

/**
 * xz-decompress, loaded the first time xz data is met (an `.xz` member, a journal's xz-compressed field): ~40 ms of
 * start-up that a run on `.tgz` bundles never needs. It is CommonJS: Node's ESM loader cannot see its named
 * exports, so they are taken off the default.
 */
export async function loadXzDecompress(): Promise<XzDecompress> {
  if (xzDecompress) return xzDecompress;
  const loaded = (await import('xz-decompress')) as XzDecompress & { default?: XzDecompress };
  return (xzDecompress = loaded.default ?? loaded);
}

/** The module when some xz data has already been met, else undefined (nothing has been decoded). */
export function loadedXzDecompress(): XzDecompress | undefined {
  return xzDecompress;
}
