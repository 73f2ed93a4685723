import { Text, type TextProps } from 'ink';
import { wrapDisplay } from '../wrap-text.js';

/**
 * Text wrapped here, by display width, to the columns its box is laid out with (`width`), instead of by ink: ink's
 * wrap starts continuation lines with the space it broke at and cuts paths and URLs anywhere. Every line fits, so
 * ink leaves them alone.
 */
export function Prose(props: Omit<TextProps, 'children' | 'wrap'> & { readonly text: string; readonly width: number }) {
  const { text, width, ...style } = props;
  return <Text {...style}>{wrapDisplay(text, width).join('\n')}</Text>;
}
