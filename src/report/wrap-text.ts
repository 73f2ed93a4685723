import stringWidth from 'string-width';

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

/** Where a token longer than a line may be cut: after a path, URL or key=value separator. */
const BREAK_AFTER = new Set(['/', ':', '=', ',', '&', '?', '-', '_', '.', ';', '\\', '|', '@']);

/** Code points with their display width (wide CJK and emoji take two columns, combining marks none). */
function cells(text: string): { readonly char: string; readonly width: number }[] {
  return Array.from(text, (char) => ({ char, width: stringWidth(char) }));
}

/**
 * Wraps text to `width` terminal columns by display width (string-width): breaks between tokens, never puts the
 * space it broke at on the next line, and keeps a token (a path, a URL) whole unless it is longer than a line, when
 * it is cut after its last separator (`/`, `:`, `=`, …) that fits, else at the width. Runs of spaces inside a line
 * are kept as they are (log text is shown as found); a line break in the text starts a new line.
 */
export function wrapDisplay(text: string, width: number): string[] {
  const limit = Math.max(1, Math.floor(width));
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    const paragraphStart = out.length;
    let line = '';
    let lineWidth = 0;
    let pending = '';
    let pendingWidth = 0;
    const flush = (): void => {
      out.push(line);
      line = '';
      lineWidth = 0;
    };
    for (const piece of paragraph.split(/( +)/)) {
      if (piece === '') continue;
      const pieceWidth = stringWidth(piece);
      if (piece.startsWith(' ')) {
        pending = piece;
        pendingWidth = pieceWidth;
        continue;
      }
      if (line !== '' && lineWidth + pendingWidth + pieceWidth <= limit) {
        line += pending + piece;
        lineWidth += pendingWidth + pieceWidth;
      } else if (pieceWidth <= limit) {
        if (line !== '') flush();
        else if (out.length === paragraphStart && pending !== '' && pendingWidth + pieceWidth <= limit) {
          // The paragraph's own indent is kept when it fits; a space the wrap broke at never is.
          line = pending;
          lineWidth = pendingWidth;
        }
        line += piece;
        lineWidth += pieceWidth;
      } else {
        if (line !== '' && lineWidth + pendingWidth < limit) {
          line += pending;
          lineWidth += pendingWidth;
        } else if (line !== '') flush();
        let rest = cells(piece);
        while (rest.length > 0) {
          const room = limit - lineWidth;
          let taken = 0;
          let used = 0;
          while (taken < rest.length && used + rest[taken]!.width <= room) used += rest[taken++]!.width;
          if (taken === rest.length) {
            line += rest.map((c) => c.char).join('');
            lineWidth += used;
            break;
          }
          // Prefer a cut after a separator in the second half of the room.
          let cut = taken;
          for (let i = taken; i > Math.floor(taken / 2); i--) {
            if (BREAK_AFTER.has(rest[i - 1]!.char)) {
              cut = i;
              break;
            }
          }
          if (cut === 0) {
            if (line === '') cut = 1; // A character wider than the whole line still has to go somewhere.
            else {
              flush();
              continue;
            }
          }
          line += rest.slice(0, cut).map((c) => c.char).join('');
          flush();
          rest = rest.slice(cut);
        }
      }
      pending = '';
      pendingWidth = 0;
    }
    out.push(line);
  }
  return out;
}
