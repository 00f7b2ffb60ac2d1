// Done button: opens "log the give", pre-filled from the nudge; the submission
// (submissions/nudge-done.ts) logs the conversation and marks the nudge done.
import type { Runtime } from '../../runtime.ts';
import { buildDoneModal } from '../../views/nudge.ts';
import { nudgeModalButton } from '../flows/nudge-act.ts';

export const nudgeDone = (rt: Runtime) =>
  nudgeModalButton(rt, (nudgeId, c) => buildDoneModal({ nudgeId, accountName: c.accountName, suggestion: c.suggestion, offerTitle: c.offerTitle ?? null }));
