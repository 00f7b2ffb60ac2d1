// Saving /tend settings: managers only (checked again: a view can outlive a role change),
// field errors keep the modal open.
import type { Middleware, SlackViewMiddlewareArgs } from '@slack/bolt';
import { saveSettings } from '../../data/settings.ts';
import type { Runtime } from '../../runtime.ts';
import { readSettings } from '../../views/settings-modal.ts';
import { confirmManager, workspaceOf } from '../flows/caller.ts';
import { isDatabaseError } from '../reply/failure.ts';
import { BLOCKS } from '../../views/ids.ts';

export function settingsSubmission(rt: Runtime): Middleware<SlackViewMiddlewareArgs> {
  return async ({ ack, view, body, context, client }) => {
    const workspace = workspaceOf(context);
    const fail = (message: string) => ack({ response_action: 'errors', errors: { [BLOCKS.settingsTimezone]: message } });
    if (!workspace) {
      await fail("Tend can't reach its database right now, so nothing was saved. Keep this open and press Save again in a minute.");
      return;
    }
    const read = readSettings(view.state);
    if (!read.ok) {
      await ack({ response_action: 'errors', errors: read.errors });
      return;
    }
    try {
      // the rule /tend settings opened the form by (a Slack admin's standing re-read once stale),
      // within a bound: the submission must be answered within Slack's 3 seconds
      if (!(await confirmManager(rt, workspace, body.user.id, client))) {
        await fail('Only managers can change the settings, so nothing was saved.');
        return;
      }
      await saveSettings(rt.db.pool, workspace.id, read.value);
      rt.workspaces.forget(workspace.id);
    } catch (err) {
      rt.log.warn({ err: (err as Error).message }, 'saving settings failed');
      await fail(isDatabaseError(err) ? "Tend can't reach its database right now, so nothing was saved. Press Save again in a minute." : 'Something went wrong, so nothing was saved. Press Save again.');
      return;
    }
    await ack();
  };
}
