import { isIPv6 } from 'node:net';
import type { PseudonymKind } from './pseudonym-table.js';
import { isPublicDomain, looksLikeHostName } from './host-shapes.js';

/**
 * One kind of sensitive value, as data: a pattern, which part of a match is the value (`value` names a capture
 * group; the whole match otherwise), what it becomes, and an optional check the pattern alone cannot express.
 * Secrets become `[REDACTED:<secret>]` (no pseudonym: nothing downstream needs to tell two tokens apart, and no
 * trace of them is kept); the rest become a pseudonym of their kind so the cause chain still reads.
 */
export interface Detector {
  readonly name: string;
  readonly pattern: RegExp;
  readonly value?: string;
  readonly replace: { readonly secret: string } | { readonly pseudonym: PseudonymKind };
  readonly accept?: (value: string) => boolean;
  /** Lower-case literals of which the text must hold one for the pattern to be tried (a cheap skip). */
  readonly needs?: readonly string[];
}

/**
 * The words that end a secret's key. The keyword ends the key: `client_secret=`, `K3S_TOKEN=`, `x-api-key:` match,
 * `secretName=` and `token_ttl=` do not (the word after the keyword makes it another key).
 */
const KEYWORD = String.raw`(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|access[_-]?key|secret[_-]?key|private[_-]?key|account[_-]?key|shared[_-]?access[_-]?key|credentials?|auth|cookie)`;

/** A parsed field whose name ends in a secret's keyword (`password`, `client_secret`, `X-Api-Key`, `Authorization`). */
const SECRET_KEY = new RegExp(`(?:${KEYWORD}|authorization)s?$`, 'i');

/** Literals one of which a line holds when a secret field can be in it. */
const SECRET_NEEDS = ['pass', 'pwd', 'secret', 'token', 'key', 'credential', 'auth', 'cookie'];

/** Words that follow `token:` in prose (`failed to get token: context deadline exceeded`), not secrets. */
const PROSE_AFTER_COLON = new Set([
  'context', 'the', 'a', 'an', 'failed', 'invalid', 'unable', 'expired', 'not', 'no', 'missing', 'empty', 'error',
  'none', 'null', 'nil', 'true', 'false', 'unauthorized', 'forbidden', 'timeout', 'is', 'was', 'has', 'must',
  'cannot', 'could', 'open', 'read', 'stat', 'rpc', 'dial', 'get', 'post', 'unknown', 'required', 'too', 'file',
  'provided', 'set', 'unset', 'redacted', '***', '<redacted>', '[redacted]', 'x509',
]);

/** A value that is no secret even under a secret's name: a prose word, a boolean, a small count, nothing. */
function isPlainValue(value: string): boolean {
  const trimmed = value.trim();
  return trimmed === '' || PROSE_AFTER_COLON.has(trimmed.toLowerCase()) || /^\d{1,3}$/.test(trimmed);
}

/**
 * Whether a parsed field (`fields.password` of a logfmt or JSON line, whose line text no longer shows `password=`)
 * holds a secret by its name alone.
 */
export function isSecretField(key: string, value: string): boolean {
  return SECRET_KEY.test(key) && !isPlainValue(value);
}

const IPV4_OCTET = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)`;

/** Addresses that name no machine of the customer's (loopback, unspecified): kept for meaning. */
const NON_IDENTIFYING_IPS = new Set(['127.0.0.1', '0.0.0.0', '255.255.255.255', '::1', '::']);

/**
 * In priority order: where two detectors claim overlapping text, the earlier one wins (a password inside a URL is a
 * password before it is a host; an email's domain belongs to the email).
 */
export const DETECTORS: readonly Detector[] = [
  {
    // A whole PEM block, or what is left of one: BEGIN to END, BEGIN to the end of the text (a line cut mid-block),
    // or the base64 tail before a lone END (taken from the start of its run only: linear on a long line).
    name: 'pem-block',
    needs: ['-----'],
    pattern: /-----BEGIN [A-Z0-9 ]{0,40}-----[\s\S]*?(?:-----END [A-Z0-9 ]{0,40}-----|$)|(?<![A-Za-z0-9+/=\\])(?:[A-Za-z0-9+/=]|\\n)*-----END [A-Z0-9 ]{0,40}-----/g,
    replace: { secret: 'pem' },
  },
  {
    name: 'url-credentials',
    needs: ['://'],
    pattern: /\b[a-zA-Z][a-zA-Z0-9+.-]{1,15}:\/\/(?<value>[^\s/@:"']+:[^\s/@"']*)@/g,
    value: 'value',
    replace: { secret: 'url-credentials' },
  },
  {
    name: 'authorization-header',
    needs: ['authorization'],
    pattern: /\b(?:proxy-)?authorization\b["']?\s*[:=]\s*["']?(?:(?:bearer|basic|token|digest|negotiate|aws4-hmac-sha256)\s+)?(?<value>[^\s"',;]{4,}(?:[ ,][A-Za-z]+=[^\s"',;]+)*)/gi,
    value: 'value',
    replace: { secret: 'authorization' },
  },
  {
    name: 'bearer-token',
    needs: ['bearer', 'basic'],
    pattern: /\b(?:bearer|basic)\s+(?<value>[A-Za-z0-9._~+/-]{12,}=*)/gi,
    value: 'value',
    replace: { secret: 'authorization' },
  },
  {
    name: 'jwt',
    needs: ['eyj'],
    pattern: /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g,
    replace: { secret: 'jwt' },
  },
  {
    // The k3s/RKE2 join token: K10<CA hash>::<user>:<password>, or a bare K10 token.
    name: 'k3s-token',
    needs: ['k10'],
    pattern: /\bK10[0-9a-f]{64}::[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+|\bK10[0-9a-f]{64}\b/g,
    replace: { secret: 'k3s-token' },
  },
  {
    name: 'aws-access-key',
    pattern: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z0-9]{16}\b/g,
    replace: { secret: 'aws-access-key' },
  },
  {
    name: 'gcp-api-key',
    needs: ['aiza'],
    pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g,
    replace: { secret: 'gcp-api-key' },
  },
  {
    name: 'github-token',
    needs: ['gh', 'github_pat_'],
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{50,})\b/g,
    replace: { secret: 'github-token' },
  },
  {
    name: 'slack-token',
    needs: ['xox'],
    pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
    replace: { secret: 'slack-token' },
  },
  {
    // JSON and quoted forms first: "password":"…", password="…", password: '…'.
    name: 'secret-field-quoted',
    pattern: new RegExp(String.raw`${KEYWORD}s?(?:\\?["'])?\s*[:=]\s*(?<q>\\?["'])(?<value>(?:(?!\k<q>).){1,4096}?)\k<q>`, 'gi'),
    needs: SECRET_NEEDS,
    value: 'value',
    replace: { secret: 'secret-field' },
  },
  {
    // key=value, --key=value, key: value (a colon form followed by a prose word is a sentence, not a field).
    name: 'secret-field',
    pattern: new RegExp(String.raw`${KEYWORD}s?\s*(?<sep>=|:\s*)(?<value>[^\s"',;&)}\]]+)`, 'gi'),
    needs: SECRET_NEEDS,
    value: 'value',
    replace: { secret: 'secret-field' },
    // A count (`tokens: 5`) is no secret either.
    accept: (value) => !isPlainValue(value),
  },
  {
    name: 'secret-flag',
    pattern: new RegExp(String.raw`(?<![\w-])--(?:[\w-]*-)?${KEYWORD}\s+(?<value>[^\s"'-][^\s"']*)`, 'gi'),
    needs: ['--'],
    value: 'value',
    replace: { secret: 'secret-field' },
  },
  {
    name: 'azure-key',
    needs: ['accountkey=', 'sharedaccesskey=', 'sig='],
    pattern: /\b(?:AccountKey|SharedAccessKey|sig)=(?<value>[A-Za-z0-9+/%]{20,}={0,2})/g,
    value: 'value',
    replace: { secret: 'cloud-key' },
  },
  {
    // A long run of base64 that is neither hex nor a word: a key or certificate body seen without its markers.
    name: 'base64-key-material',
    pattern: /(?<![A-Za-z0-9+/])(?:MII|MIG|MIH|LS0t)[A-Za-z0-9+/]{40,}={0,2}(?![A-Za-z0-9+/])/g,
    replace: { secret: 'pem' },
  },
  {
    name: 'email',
    needs: ['@'],
    pattern: /\b[A-Za-z0-9._%+-]{1,64}@(?<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24})\b/g,
    replace: { pseudonym: 'email' },
    // The domain must pass the host-name rule: `user@1000.service` is a systemd unit, not an address.
    accept: (email) => looksLikeHostName(email.slice(email.indexOf('@') + 1).toLowerCase()),
  },
  {
    // Six or more colon- or dash-separated bytes: a MAC, or an iptables MAC= field (two MACs and an ethertype).
    name: 'mac',
    pattern: /(?<![0-9A-Fa-f:.-])[0-9A-Fa-f]{2}(?<sep>[:-])[0-9A-Fa-f]{2}(?:\k<sep>[0-9A-Fa-f]{2}){4,}(?![0-9A-Fa-f]|[:-][0-9A-Fa-f])/g,
    replace: { pseudonym: 'mac' },
  },
  {
    // The address alone is replaced: a port (`:6443`) or prefix length (`/16`) after it is kept for meaning.
    // Followed by `-word` it is a version (`6.1.128.1-amd64`).
    name: 'ipv4',
    pattern: new RegExp(String.raw`(?<![\w.])(?<value>(?:${IPV4_OCTET}\.){3}${IPV4_OCTET})(?![\w]|\.\d|-[A-Za-z])`, 'g'),
    value: 'value',
    replace: { pseudonym: 'ip' },
    accept: (ip) => !NON_IDENTIFYING_IPS.has(ip),
  },
  {
    // Candidates with two or more colons, confirmed by the parser: `09:02:47` and MACs are no IPv6 address.
    name: 'ipv6',
    pattern: /(?<![\w:.])(?<value>(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?)(?:%[\w.]+)?(?![\w:])/g,
    value: 'value',
    replace: { pseudonym: 'ip' },
    accept: (ip) => isIPv6(ip) && !NON_IDENTIFYING_IPS.has(ip),
  },
  {
    name: 'home-directory-user',
    needs: ['/home/', '/users/', '\\users\\'],
    pattern: /(?:\/home\/|\/Users\/|[A-Za-z]:\\{1,2}Users\\{1,2})(?<value>[A-Za-z0-9._-]+)/g,
    value: 'value',
    replace: { pseudonym: 'user' },
    accept: (user) => !['shared', 'public', 'default', 'all users', '.', '..'].includes(user.toLowerCase()),
  },
  {
    // Kubernetes names other nodes in `node="…"` / `nodeName: …` fields; their short names have no other shape.
    name: 'node-field',
    needs: ['node'],
    pattern: /\bnode(?:[_-]?name)?\s*[=:]\s*\\?["']?(?<value>[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?)(?![\w.-])/gi,
    value: 'value',
    replace: { pseudonym: 'host' },
    accept: (name) => /[\d.-]/.test(name) && !isPublicDomain(name) && !/^\d+$/.test(name),
  },
  {
    // Cloud node names that spell their address (`ip-10-0-0-11`, EC2's default): a host, and an address inside.
    name: 'address-host-name',
    needs: ['ip-'],
    pattern: /(?<![\w.-])ip-(?:\d{1,3}-){3}\d{1,3}(?![\w-]|\.[A-Za-z0-9])/g,
    replace: { pseudonym: 'host' },
  },
  {
    name: 'fqdn',
    pattern: /(?:(?<=%[0-9A-Fa-f]{2})|(?<![\w.-]))(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-]|\.[A-Za-z0-9])/g,
    replace: { pseudonym: 'host' },
    accept: looksLikeHostName,
  },
];
