import type { MemberInfo } from '../model/log-line.js';

/**
 * Files that share a zone: those of one node's bundle (the layout's: a collector output, a sos report), else of one
 * input. Two nodes tarred together may run in different zones.
 */
export function zoneKey(info: MemberInfo): string {
  return `${info.source.bundle}\u0000${info.layoutBundle ?? ''}`;
}
