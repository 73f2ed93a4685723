/** A field name that holds a component version (`version`, `kubeletVersion`, `configVersion`, …). */
const VERSION_FIELD = /version$/i;

/**
 * The component versions a report names: distinct values of its incidents' version-like captured fields, by field
 * name, sorted. Reports carry no separate version list yet; this is what they say about versions.
 */
export function versionsOf(incidents: readonly { readonly fields: Readonly<Record<string, readonly string[]>> }[]): Record<string, string[]> {
  const found = new Map<string, Set<string>>();
  for (const incident of incidents) {
    for (const [field, values] of Object.entries(incident.fields)) {
      if (!VERSION_FIELD.test(field)) continue;
      const set = found.get(field) ?? new Set<string>();
      for (const value of values) set.add(value);
      found.set(field, set);
    }
  }
  const versions: Record<string, string[]> = {};
  for (const field of [...found.keys()].sort()) versions[field] = [...found.get(field)!].sort();
  return versions;
}
