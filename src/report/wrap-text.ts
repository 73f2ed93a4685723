/** Word-wraps prose to `width` columns; words longer than a line stay whole (URLs must not be split). */
export function wrapText(text: string, width: number): string[] {
  const limit = Math.max(10, width);
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (current === '') current = word;
    else if (current.length + 1 + word.length <= limit) current += ` ${word}`;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current !== '' || lines.length === 0) lines.push(current);
  return lines;
}
