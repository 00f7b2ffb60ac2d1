// Release button (App Home): the claimer hands the nudge back; it is open for anyone again.
import type { Runtime } from '../../runtime.ts';
import { nudgeButton } from '../flows/nudge-act.ts';

export const nudgeRelease = (rt: Runtime) => nudgeButton(rt, 'release');
