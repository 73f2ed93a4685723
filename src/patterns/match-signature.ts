import type { CompiledRule, LogEvent, Match, Signature } from '../model/index.js';

/**
 * Regexes only see the first 64 KiB of a text: a stack dump or base64 blob folded into one event must not make a
 * single line cost seconds. Signatures match on what a line starts with, which is where log messages put it.
 */
export const MAX_MATCH_TEXT = 64 * 1024;

/** Fields a `field:` rule may name besides the event's own `fields`. */
const EVENT_PROPERTIES = ['unit', 'host', 'component'] as const;

export function targetText(rule: CompiledRule, event: LogEvent, matchText: string): string | undefined {
  if (rule.target === 'message') return matchText;
  let value: string | undefined = event.fields[rule.target];
  if (value === undefined && (EVENT_PROPERTIES as readonly string[]).includes(rule.target)) {
    value = event[rule.target as (typeof EVENT_PROPERTIES)[number]];
  }
  return value === undefined ? undefined : value.slice(0, MAX_MATCH_TEXT);
}

/**
 * True when the event's component passes the signature's `components` filter (empty = any). An event whose
 * component is unknown (a file no layout maps, an example line) passes: only a known other component excludes it.
 */
export function componentAllowed(signature: Signature, event: LogEvent): boolean {
  return signature.components.length === 0 || event.component === undefined || signature.components.includes(event.component);
}

/**
 * Tries `rules` (a subset of the signature's rules, in order; the first that matches gives the captures), then
 * the signature's `unless` rules. `matchText` is matchTextOf(event) already cut to MAX_MATCH_TEXT.
 * Does not apply the component filter: callers do, before any regex runs.
 */
export function matchSignature(signature: Signature, event: LogEvent, matchText: string, rules: readonly CompiledRule[]): Match | undefined {
  let found: ReturnType<CompiledRule['regex']['exec']> = null;
  for (const rule of rules) {
    const text = targetText(rule, event, matchText);
    if (text === undefined) continue;
    found = rule.regex.exec(text);
    if (found) break;
  }
  if (!found) return undefined;
  for (const rule of signature.unless) {
    const text = targetText(rule, event, matchText);
    if (text !== undefined && rule.regex.test(text)) return undefined;
  }
  const captures: Record<string, string> = {};
  for (const [name, value] of Object.entries(found.groups ?? {})) {
    if (value !== undefined) captures[name] = value;
  }
  return { signature: signature.id, event, captures };
}
