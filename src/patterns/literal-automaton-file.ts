import { endianness } from 'node:os';
import type { LiteralAutomaton } from './aho-corasick.js';

/**
 * The match-text prefilter's automaton (aho-corasick.ts) as bytes: `npm run build` writes the shipped library's next
 * to its snapshot (dist/patterns-prefilter.bin), and a run loading that library reads it instead of building the
 * table (~5 % of a small report's time, nearly all of it cold code). It stands for the literals it was built from
 * and nothing else: `decodeLiteralAutomaton` answers undefined unless the run's literals are exactly those, in order,
 * and the bytes have the shape written here; the caller then builds the automaton as before.
 *
 * Layout: "LSAC", the header's length (uint32, little-endian), the header (UTF-8 JSON), zero padding to a multiple
 * of 4, then `rowDelta`, `outStart` and `outList` (int32 in the writer's byte order, named in the header), then
 * `shiftOf` (bytes). The header holds the literals, the scalars, the array lengths and the classes of the code units
 * that have one (the 64 Ki `classOf` array is mostly zeros).
 */
interface Header {
  readonly format: typeof FORMAT;
  readonly endianness: 'BE' | 'LE';
  readonly literals: readonly string[];
  readonly always: readonly number[];
  readonly classCount: number;
  readonly firstOutputRank: number;
  readonly span: number;
  /** `[code unit, class]` for every code unit whose class is not 0. */
  readonly classes: readonly (readonly [number, number])[];
  readonly rowDelta: number;
  readonly outStart: number;
  readonly outList: number;
  readonly shiftOf: number;
}

const MAGIC = 'LSAC';
const FORMAT = 1;

export function encodeLiteralAutomaton(literals: readonly string[], automaton: LiteralAutomaton): Uint8Array {
  if (literals.length !== automaton.literalCount) throw new Error(`${literals.length} literals for an automaton of ${automaton.literalCount}`);
  const classes: [number, number][] = [];
  automaton.classOf.forEach((cls, code) => {
    if (cls !== 0) classes.push([code, cls]);
  });
  const header: Header = {
    format: FORMAT,
    endianness: endianness(),
    literals: [...literals],
    always: [...automaton.always],
    classCount: automaton.classCount,
    firstOutputRank: automaton.firstOutputRank,
    span: automaton.span,
    classes,
    rowDelta: automaton.rowDelta.length,
    outStart: automaton.outStart.length,
    outList: automaton.outList.length,
    shiftOf: automaton.shiftOf.length,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const arraysAt = align4(8 + headerBytes.length);
  const out = Buffer.alloc(arraysAt + 4 * (header.rowDelta + header.outStart + header.outList) + header.shiftOf);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(headerBytes.length, 4);
  headerBytes.copy(out, 8);
  let at = arraysAt;
  for (const array of [automaton.rowDelta, automaton.outStart, automaton.outList]) {
    out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), at);
    at += array.byteLength;
  }
  out.set(automaton.shiftOf, at);
  return out;
}

/** The automaton in `bytes` when it was built from exactly `literals` and the bytes are whole, else undefined. */
export function decodeLiteralAutomaton(bytes: Uint8Array, literals: readonly string[]): LiteralAutomaton | undefined {
  if (bytes.length < 8 || Buffer.from(bytes.buffer, bytes.byteOffset, 4).toString('latin1') !== MAGIC) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(4, true);
  if (8 + headerLength > bytes.length) return undefined;
  let header: Header;
  try {
    header = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 8, headerLength).toString('utf8')) as Header;
  } catch {
    return undefined;
  }
  if (header.format !== FORMAT || header.endianness !== endianness() || !sameLiterals(header.literals, literals)) return undefined;
  const arraysAt = align4(8 + headerLength);
  const int32Count = header.rowDelta + header.outStart + header.outList;
  if (bytes.length !== arraysAt + 4 * int32Count + header.shiftOf) return undefined;
  if (header.classCount < 1 || header.rowDelta % header.classCount !== 0 || header.shiftOf !== header.classCount * header.classCount) return undefined;
  // The int32 arrays are read in place when the bytes sit at a multiple of 4 in memory (a file read whole does).
  const int32s =
    (bytes.byteOffset + arraysAt) % 4 === 0
      ? new Int32Array(bytes.buffer, bytes.byteOffset + arraysAt, int32Count)
      : new Int32Array(bytes.slice(arraysAt, arraysAt + 4 * int32Count).buffer);
  const classOf = new Uint16Array(65536);
  for (const [code, cls] of header.classes) classOf[code] = cls;
  const rowDelta = int32s.subarray(0, header.rowDelta);
  const outStart = int32s.subarray(header.rowDelta, header.rowDelta + header.outStart);
  const outList = int32s.subarray(header.rowDelta + header.outStart);
  const shiftOf = bytes.subarray(arraysAt + 4 * int32Count);
  return {
    literalCount: literals.length,
    always: header.always,
    classCount: header.classCount,
    classOf,
    rowDelta,
    firstOutputRank: header.firstOutputRank,
    outStart,
    outList,
    span: header.span,
    shiftOf,
  };
}

function sameLiterals(stored: unknown, literals: readonly string[]): boolean {
  if (!Array.isArray(stored) || stored.length !== literals.length) return false;
  for (let i = 0; i < literals.length; i++) if (stored[i] !== literals[i]) return false;
  return true;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
