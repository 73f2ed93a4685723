import type { Redactor } from './redactor.js';

/** Keys whose strings are logsift's own vocabulary (ids, levels, codes), never input data: left as they are. */
const VOCABULARY_KEYS: ReadonlySet<string> = new Set([
  'signature', 'severity', 'signatureSeverity', 'role', 'status', 'reasonCode', 'kind', 'code', 'format',
  'timestampQuality', 'timeQuality', 'bootId', 'timestamp', 'schemaVersion',
]);

/** Keys whose strings are a host name. */
const HOST_KEYS: ReadonlySet<string> = new Set(['host', 'hosts']);

/** Keys whose strings are incident ids, `<signature>@<host>#<n>`. */
const INCIDENT_ID_KEYS: ReadonlySet<string> = new Set(['id', 'incident', 'causedBy', 'chain']);

const INCIDENT_ID = /^([^@\s]+)@(.+)#(\d+)$/;

function redactString(value: string, key: string | undefined, redactor: Redactor): string {
  if (key === undefined) return redactor.text(value);
  if (VOCABULARY_KEYS.has(key)) return value;
  if (HOST_KEYS.has(key)) return redactor.host(value);
  if (INCIDENT_ID_KEYS.has(key)) {
    // The signature part stays (it is the chain a reader follows); only the host part is replaced.
    const id = INCIDENT_ID.exec(value);
    if (id) return `${id[1]}@${redactor.host(id[2]!)}#${id[3]}`;
    // A signature's own id (`signatures[].id`) is vocabulary too.
    if (key === 'id') return value;
  }
  return redactor.text(value);
}

function fieldValue(key: string, value: unknown, redactor: Redactor): unknown {
  return typeof value === 'string' ? redactor.field(key, value) : redactValue(value, redactor);
}

/**
 * Every string in a plain data value (objects, arrays), redacted; object keys (field and capture names) stay. The
 * key a string sits under decides how: vocabulary stays, hosts become host pseudonyms, the rest goes through the
 * text detectors. Walking the whole value, rather than a list of fields, means a field added later cannot leak.
 */
export function redactValue<T>(value: T, redactor: Redactor, key?: string): T {
  if (typeof value === 'string') return redactString(value, key, redactor) as T;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, redactor, key)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    if (key === 'fields') {
      // A `fields` record's keys come from the input (`status=…`, `password=…`): its values are free text, or a
      // secret as a whole when the key names one.
      for (const [k, v] of Object.entries(value)) out[k] = Array.isArray(v) ? v.map((item) => fieldValue(k, item, redactor)) : fieldValue(k, v, redactor);
      return out as T;
    }
    for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, redactor, k);
    return out as T;
  }
  return value;
}
