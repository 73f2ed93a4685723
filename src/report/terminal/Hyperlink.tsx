import { Text, Transform } from 'ink';
import { safeUrl } from '../html/escape-html.js';
import { sanitizeText } from '../sanitize-text.js';

/**
 * A URL that is clickable as an OSC 8 hyperlink when colour is on
 * (https://gist.github.com/egmontkob/eb114294efbcd5adb1944c9f3cb5feda). The link is added after layout
 * (Transform) so it never counts towards line width; only http(s) URLs are linked.
 */
export function Hyperlink(props: { readonly url: string; readonly color: boolean }) {
  const text = sanitizeText(props.url);
  const target = props.color ? safeUrl(props.url) : undefined;
  if (!target) return <Text>{text}</Text>;
  return (
    <Transform transform={(line) => `\u001b]8;;${target}\u001b\\${line}\u001b]8;;\u001b\\`}>
      <Text color="blue" underline>
        {text}
      </Text>
    </Transform>
  );
}
