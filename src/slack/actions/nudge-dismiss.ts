// Dismiss button: asks why in a modal (submissions/nudge-dismiss.ts), so the team learns what
// not to suggest.
import type { Runtime } from '../../runtime.ts';
import { buildDismissModal } from '../../views/nudge.ts';
import { nudgeModalButton } from '../flows/nudge-act.ts';

export const nudgeDismiss = (rt: Runtime) => nudgeModalButton(rt, (nudgeId, card) => buildDismissModal({ nudgeId, accountName: card.accountName }), 'dismiss');
