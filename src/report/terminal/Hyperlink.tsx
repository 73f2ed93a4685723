import { Text, Transform } from 'ink';
import { safeUrl } from '../html/escape-html.js';
import { sanitizeText } from '../sanitize-text.js';
import { wrapDisplay } from '../wrap-text.js';

/**
 * A URL that is clickable as an OSC 8 hyperlink when colour is on
 * (https://gist.github.com/egmontkob/eb114294efbcd5adb1944c9f3cb5feda), wrapped to `width` columns at its own
 * separators. The link is added after layout (Transform), one per line, so it never counts towards line width; it is
 * closed with BEL, not ESC \, because ink's tokenizer takes ESC \ for the start of another sequence and drops the
 * rest of the row (the box's right border). Only http(s) URLs are linked.
 */
export function Hyperlink(props: { readonly url: string; readonly color: boolean; readonly width: number }) {
  const text = wrapDisplay(sanitizeText(props.url), props.width).join('\n');
  const target = props.color ? safeUrl(props.url) : undefined;
  if (!target) return <Text>{text}</Text>;
  return (
    <Transform transform={(line) => `\u001b]8;;${target}\u0007${line}\u001b]8;;\u0007`}>
      <Text color="blue" underline>
        {text}
      </Text>
    </Transform>
  );
}
