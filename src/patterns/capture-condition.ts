import type { CaptureCondition } from '../model/signature.js';
import { parseGoDuration } from './parse-go-duration.js';

const OPERATORS = ['>=', '<=', '>', '<', '=='] as const;
type Operator = (typeof OPERATORS)[number];

/** A captured value as a number: a Go duration in ms (`7.45s` → 7450) or a plain number (`42`, `0.5`). */
export function captureNumber(value: string): number | undefined {
  const duration = parseGoDuration(value);
  if (duration !== undefined) return duration;
  const trimmed = value.trim();
  return /^-?\d+(?:\.\d+)?$/.test(trimmed) ? Number(trimmed) : undefined;
}

/**
 * Parses a threshold's `unless_capture` condition, `'>= 1s'`, `'> 500ms'`, `'>= 3'`, into a comparison, or
 * `'present'` (the group captured something: the rule that matched names a line that is clear on its own);
 * undefined when the text is neither.
 */
export function parseCaptureCondition(capture: string, text: string): CaptureCondition | undefined {
  if (text.trim() === 'present') return { capture, operator: 'present', value: 0 };
  const m = /^\s*(>=|<=|==|>|<)\s*(\S+)\s*$/.exec(text);
  if (!m) return undefined;
  const value = captureNumber(m[2]!);
  return value === undefined ? undefined : { capture, operator: m[1] as Operator, value };
}

/** Whether a match's captures satisfy the condition; a missing or unreadable capture never does. */
export function satisfiesCondition(condition: CaptureCondition, captures: Readonly<Record<string, string>>): boolean {
  const raw = captures[condition.capture];
  if (raw === undefined) return false;
  if (condition.operator === 'present') return raw !== '';
  const value = captureNumber(raw);
  if (value === undefined) return false;
  switch (condition.operator) {
    case '>=': return value >= condition.value;
    case '>': return value > condition.value;
    case '<=': return value <= condition.value;
    case '<': return value < condition.value;
    case '==': return value === condition.value;
    default: return false;
  }
}
