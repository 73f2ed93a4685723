/**
 * Makes an archive member name safe to show: a leading `./` (Rancher's `tar -C dir .`) and leading
 * slashes go, `.` segments go, `..` segments become `__` so a hostile name cannot pose as another path,
 * backslashes become `/`, and control characters (terminal escapes) become `?`. Nothing is written
 * to disk, so this is about what the user reads.
 */
export function sanitizeMemberPath(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f\u007f]/g, '?').replace(/\\/g, '/');
  const segments: string[] = [];
  for (const segment of cleaned.split('/')) {
    if (segment === '' || segment === '.') continue;
    segments.push(segment === '..' ? '__' : segment);
  }
  return segments.join('/');
}
