// Undo button: shown for a few minutes after Done, Snooze or Dismiss; takes the change back.
import type { Runtime } from '../../runtime.ts';
import { nudgeUndoButton } from '../flows/nudge-act.ts';

export const nudgeUndo = (rt: Runtime) => nudgeUndoButton(rt);
