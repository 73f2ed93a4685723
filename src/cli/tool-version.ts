/** The version reports and `--version` print; kept equal to package.json by test/cli/version.test.ts. */
export const TOOL_VERSION = '0.1.0';

export function toolVersion(): string {
  return TOOL_VERSION;
}
