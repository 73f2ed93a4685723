import type { SignatureSeverity } from '../../model/signature.js';

/** One colour per severity, shared by the SVG bars and the CSS badges (red → amber → blue, colour-blind safe-ish by lightness). */
export const SEVERITY_COLORS: Readonly<Record<SignatureSeverity, string>> = {
  critical: '#b91c1c',
  error: '#ea580c',
  warning: '#ca8a04',
  info: '#2563eb',
};
