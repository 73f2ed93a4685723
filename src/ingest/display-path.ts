/**
 * How a member is named to the user: `bundle.tgz:member/path` for archive members, the path alone for a file named
 * on the command line (ingest names such a file's only member by its base name) or a directory walk's file.
 */
export function displayPath(bundle: string, member: string): string {
  if (bundle === '-') return member === 'stdin' || member === '' ? '<stdin>' : `<stdin>:${member}`;
  if (member === '' || member === bundle || bundle.endsWith(`/${member}`)) return bundle;
  return `${bundle}:${member}`;
}
