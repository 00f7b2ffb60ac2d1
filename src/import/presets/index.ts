// The built-in presets of `--preset`, by name.
import { hubspot } from './hubspot.ts';
import { pipedrive } from './pipedrive.ts';
import { salesforce } from './salesforce.ts';
import type { Preset } from './types.ts';

export type { Preset } from './types.ts';
export const PRESETS = { hubspot, salesforce, pipedrive } as const satisfies Record<string, Preset>;
export type PresetName = keyof typeof PRESETS;

export function isPresetName(s: string): s is PresetName {
  return Object.hasOwn(PRESETS, s);
}
