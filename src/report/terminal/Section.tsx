import type { ReactNode } from 'react';
import { Box, Text } from 'ink';

/** A titled block with a blank line above it, so sections read apart in scrollback. */
export function Section(props: { readonly title: string; readonly color: boolean; readonly children?: ReactNode }) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold={props.color} color={props.color ? 'cyan' : undefined}>
        {props.title}
      </Text>
      {props.children}
    </Box>
  );
}
