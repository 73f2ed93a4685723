/**
 * Compiles a shell glob for member paths: `**` spans directories, `*` and `?` stay within one
 * segment, `{a,b}` alternates, `[...]` is a class. A pattern without `/` matches the base name too,
 * as in .gitignore, so `--include '*.log'` works at any depth.
 */
export function compileGlob(pattern: string): (path: string) => boolean {
  const anchoredToPath = pattern.includes('/');
  const regex = new RegExp(`^${globToRegexSource(pattern.replace(/^\.\//, ''))}$`);
  return (path: string): boolean => {
    if (regex.test(path)) return true;
    if (anchoredToPath) return false;
    const slash = path.lastIndexOf('/');
    return slash !== -1 && regex.test(path.slice(slash + 1));
  };
}

function globToRegexSource(glob: string): string {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          out += '(?:.*/)?';
        } else {
          out += '.*';
        }
      } else {
        out += '[^/]*';
      }
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) {
      out += '|';
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
      } else {
        let body = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        out += `[${body}]`;
        i = close;
      }
    } else {
      out += c.replace(/[.+^$()|\\\]]/g, '\\$&');
    }
  }
  while (braces-- > 0) out += ')';
  return out;
}
