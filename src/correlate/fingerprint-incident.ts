import { createHash } from 'node:crypto';
import type { Incident, RootCause } from '../model/incident.js';
import type { Signature } from '../model/signature.js';
import type { UnrecognisedError } from '../model/unrecognised.js';

/**
 * Incident fingerprints: the same failure on two customers' nodes gets the same fingerprint, whatever the host, the
 * time, the count or the pod it hit, so a support desk can ask "have we seen this before, in which ticket?".
 *
 * Format: `fp1:<signature-id>:<12 hex>`, the hex being the start of the SHA-256 of the fingerprint version, the
 * signature id and the signature's key fields (`fingerprint:` in its YAML: capture names such as a unit, a reason, a
 * plugin) with their values normalised (lower case; uuids, hex ids, IP addresses and digits masked). Never in it:
 * host, incident id, times, counts, evidence, and captures not declared key (pods, sandbox and container ids, PIDs,
 * addresses). Unrecognised error templates: `fp1:template:<12 hex>` of the masked template and its components.
 * Bump the version prefix whenever what goes in changes, so fingerprints of two versions never falsely agree.
 */
export const FINGERPRINT_VERSION = 'fp1';
/** The prefix of an unrecognised template's fingerprint, in place of a signature id. */
export const TEMPLATE_FINGERPRINT_KIND = 'template';
const HASH_HEX = 12;

/**
 * Key fields of the incidents made in code rather than from a signature file (no YAML to declare them in): a
 * crash is known by what crashed, how, and its masked headline; an unrecognised cause by its template and the unit.
 */
export const BUILT_IN_KEY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'process-crash': ['component', 'kind', 'headline'],
  'unrecognised-error': ['template', 'unit'],
};

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
// Four dotted numbers, an optional port or prefix length.
const IPV4 = /(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?::\d+|\/\d{1,2})?(?![\w.])/g;
// Two or more colons among hex groups (fe80::1, [2001:db8::5]:443); a time such as 12:30:01 has no hex letters but
// is masked to digits anyway, so mistaking one for the other changes nothing.
const IPV6 = /\[?(?<![\w:])[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?![\w:])\]?(?::\d+)?/g;
// Container, sandbox, commit and digest ids: eight hex characters or more with a digit among them (also glued to a
// word: kubepods-pod1c2d3e4f).
const HEX_ID = /(?<![0-9a-f])(?=[a-f]*\d)[0-9a-f]{8,}(?![0-9a-f])/g;
const DIGITS = /\d+/g;

/**
 * One value as it goes into a fingerprint: what names the failure kept (`k3s.service`, `connection refused`,
 * `nvme#n#`), what names one instance of it masked. Lower case, whitespace collapsed.
 */
export function normaliseFingerprintValue(value: string): string {
  return value
    // systemd escapes a unit name's dashes (dev-disk-by\x2duuid-…): unescaped, its uuid is recognised as one.
    .replace(/\\x([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .toLowerCase()
    .replace(UUID, '<uuid>')
    .replace(IPV4, '<ip>')
    .replace(IPV6, (m) => (/[a-f]/.test(m) || m.split(':').length > 3 ? '<ip>' : m))
    .replace(HEX_ID, '<id>')
    .replace(DIGITS, '#')
    .replace(/\s+/g, ' ')
    .trim();
}

function hashOf(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, HASH_HEX);
}

function normalisedSet(values: readonly string[]): string[] {
  return [...new Set(values.map(normaliseFingerprintValue).filter((v) => v !== ''))].sort();
}

/**
 * The key fields of a signature: declared in its file, built in for code-made incidents, none otherwise (the
 * signature id alone: a signature without key fields names one failure whatever its captures hold).
 */
export function keyFieldsOf(signatureId: string, signature?: Pick<Signature, 'fingerprint'>): readonly string[] {
  return signature?.fingerprint ?? BUILT_IN_KEY_FIELDS[signatureId] ?? [];
}

/** The fingerprint of an incident, from its signature id and the values of the key fields it captured. */
export function fingerprintIncident(incident: Pick<Incident, 'signature' | 'fields'>, keyFields: readonly string[] = keyFieldsOf(incident.signature)): string {
  const fields = [...new Set(keyFields)]
    .sort()
    .map((name) => [name, normalisedSet(incident.fields[name] ?? [])] as const)
    .filter(([, values]) => values.length > 0);
  return `${FINGERPRINT_VERSION}:${incident.signature}:${hashOf([FINGERPRINT_VERSION, incident.signature, fields])}`;
}

/** The fingerprint of an unrecognised error shape: its template (variables already masked) and its components. */
export function fingerprintUnrecognised(unrecognised: Pick<UnrecognisedError, 'template' | 'components'>): string {
  const template = normaliseFingerprintValue(unrecognised.template);
  return `${FINGERPRINT_VERSION}:${TEMPLATE_FINGERPRINT_KIND}:${hashOf([FINGERPRINT_VERSION, TEMPLATE_FINGERPRINT_KIND, template, normalisedSet(unrecognised.components)])}`;
}

/** Incidents with their fingerprints, key fields looked up by signature id. */
export function withFingerprints(incidents: readonly Incident[], signatureOf: (id: string) => Pick<Signature, 'fingerprint'> | undefined): Incident[] {
  return incidents.map((incident) => ({ ...incident, fingerprint: fingerprintIncident(incident, keyFieldsOf(incident.signature, signatureOf(incident.signature))) }));
}

/** The root cause with its incident's fingerprint. */
export function rootCauseWithFingerprint(rootCause: RootCause | null, incidents: readonly Incident[]): RootCause | null {
  if (!rootCause) return rootCause;
  const fingerprint = incidents.find((i) => i.id === rootCause.incident)?.fingerprint;
  return fingerprint === undefined ? rootCause : { ...rootCause, fingerprint };
}

/** The short form shown on an incident line: the hash without the version and signature id the line already names. */
export function shortFingerprint(fingerprint: string): string {
  return fingerprint.slice(fingerprint.lastIndexOf(':') + 1);
}
