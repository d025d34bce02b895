import { writeBalanced } from './balanced';
import { writeConcise } from './concise';
import { writeExplainer } from './explainer';
import { writeSceptic } from './sceptic';
import type { StyleWriter } from './shared';
import { writeStepwise } from './stepwise';

export { templateFiller, type StyleInput, type StyleWriter } from './shared';

/** Answer styles by name; proposer models use the style of the same name. */
export const STYLES = {
  concise: writeConcise,
  stepwise: writeStepwise,
  sceptic: writeSceptic,
  explainer: writeExplainer,
  balanced: writeBalanced,
} satisfies Record<string, StyleWriter>;

export type StyleName = keyof typeof STYLES;
