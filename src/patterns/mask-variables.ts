/** The placeholder a masked variable becomes in a template. */
export const WILDCARD = '<*>';

// A quoted value may hold spaces; it is one variable, so it is masked before the line is split into tokens.
const QUOTED = /(^|[\s=:(\[])("(?:[^"\\]|\\.){0,400}"|'[^'\s][^']{0,400}')(?=$|[\s,;:)\]])/g;
const PUNCT_BEFORE = /^[(\[{<"']+/;
const PUNCT_AFTER = /[)\]}>"',;:.!?]+$/;

// What makes one token a variable (ids, hex, numbers, durations, sizes, paths, addresses, URLs).
const VARIABLE_CORES: readonly RegExp[] = [
  /^[-+]?\d/, // numbers, durations (1.5s), sizes (4Ki), dates, times, versions starting with a digit
  /^v\d+(?:\.\d+)+/, // versions v1.28.3
  /^0x[0-9a-f]+$/i,
  /^[0-9a-f]{8,}$/i, // container, sandbox and commit ids
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  /^\[?[0-9a-f]*:[0-9a-f:]*:[0-9a-f.:]*\]?(?::\d+)?$/i, // IPv6 (two or more colons)
  /^[a-z][a-z0-9+.-]*:\/\//i, // URLs
  /^[./~]|\/.*\/|^[\w.:@-]{2,}\/[\w.:@-]{2,}/, // paths, namespace/name pairs, image references (not I/O)
  /^[\w.-]*[a-z][\w.-]*\d[\w.-]*$/i, // generated names and ids mixing letters and digits (pod-7d9f8b-x2x4z, loop11)
];
// Short words with a digit that name a thing rather than vary (k3s, x509, ipv4, http2, v1, etcd3, sha256).
const FIXED_SHORT = /^[a-z]{1,5}\d{1,3}[a-z]?$/i;

/** Whether the core of a token (its punctuation stripped) is a variable. */
export function isVariableCore(core: string): boolean {
  if (core === '' || core === WILDCARD) return core === WILDCARD;
  if (!/\d|\//.test(core)) return false;
  if (FIXED_SHORT.test(core) && !/^loop\d|^sd[a-z]\d|^nvme|^eth\d|^veth|^cali|^tap/i.test(core)) return false;
  return VARIABLE_CORES.some((re) => re.test(core));
}

/** One token with its variable parts masked: `id=abc123` → `id=<*>`, `(0xc000):` → `(<*>):`. */
export function maskToken(token: string): string {
  if (token === WILDCARD) return token;
  const eq = token.indexOf('=');
  if (eq > 0 && /^[\w.-]+$/.test(token.slice(0, eq))) {
    const value = token.slice(eq + 1);
    return `${token.slice(0, eq + 1)}${value === '' ? '' : maskToken(value)}`;
  }
  // Arguments glued to a name: `panic(0x957c20,` and `0x1:(WRITE)` are masked on each side of the parenthesis.
  const paren = token.indexOf('(');
  if (paren > 0) return `${maskToken(token.slice(0, paren))}(${maskToken(token.slice(paren + 1))}`;
  const before = PUNCT_BEFORE.exec(token)?.[0] ?? '';
  const rest = token.slice(before.length);
  const after = PUNCT_AFTER.exec(rest)?.[0] ?? '';
  const core = rest.slice(0, rest.length - after.length);
  if (!isVariableCore(core)) return token;
  // A version or decimal's dots are part of it; only the last punctuation is the sentence's.
  return `${before}${WILDCARD}${after.replace(/^\.(?=.)/, '')}`;
}

/**
 * A message as template tokens: quoted values masked whole, every token's variable part masked, and runs of
 * variables collapsed into one (a list of three ids and a list of five give the same template).
 */
export function templateTokens(message: string): string[] {
  const firstLine = message.split('\n', 1)[0]!.slice(0, 1000).trim();
  const unquoted = firstLine.replace(QUOTED, (_m, lead: string) => `${lead}${WILDCARD}`);
  const out: string[] = [];
  for (const token of unquoted.split(/\s+/)) {
    if (token === '') continue;
    const masked = maskToken(token);
    if (masked === WILDCARD && out[out.length - 1] === WILDCARD) continue;
    out.push(masked);
  }
  return out;
}
