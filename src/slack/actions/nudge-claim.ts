// Claim button: "I'll take this one".
import type { Runtime } from '../../runtime.ts';
import { nudgeButton } from '../flows/nudge-act.ts';

export const nudgeClaim = (rt: Runtime) => nudgeButton(rt, 'claim');
