// Edits a posted nudge's message to its current state (delivery/refresh-nudge.ts), for state
// changes a listener made without waiting on Slack: a touch or a holding retired the nudge.
import { refreshNudgeMessage } from '../src/delivery/refresh-nudge.ts';
import type { Payload } from '../src/queue/definitions.ts';
import type { Runtime } from '../src/runtime.ts';

export async function refresh(rt: Runtime, p: Payload<'refresh'>): Promise<boolean> {
  return refreshNudgeMessage(rt, p.workspaceId, p.nudgeId);
}
