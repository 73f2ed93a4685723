/**
 * Orders captured values as a reader expects: numbers by value (`2` before `10`), mixed text by its runs of digits
 * and non-digits (`pod-2` before `pod-10`), then by code point so the order never depends on the machine's locale.
 */
export function naturalCompare(a: string, b: string): number {
  const x = a.match(/\d+|\D+/g) ?? [];
  const y = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i]!;
    const q = y[i]!;
    if (p === q) continue;
    const pDigits = p.charCodeAt(0) >= 48 && p.charCodeAt(0) <= 57;
    const qDigits = q.charCodeAt(0) >= 48 && q.charCodeAt(0) <= 57;
    if (pDigits && qDigits) {
      // By length after leading zeros first: no precision lost on numbers longer than a double holds.
      const pt = p.replace(/^0+(?=\d)/, '');
      const qt = q.replace(/^0+(?=\d)/, '');
      if (pt.length !== qt.length) return pt.length - qt.length;
      if (pt !== qt) return pt < qt ? -1 : 1;
      continue;
    }
    return p < q ? -1 : 1;
  }
  if (x.length !== y.length) return x.length - y.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
