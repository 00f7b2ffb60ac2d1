// Opening a modal from a click: views.open, or views.push when the click came from inside a
// modal (Slack stacks it there, up to three views; the modal behind it stays open).
import type { types, webApi } from '@slack/bolt';

export async function openOrPush(client: webApi.WebClient, body: { trigger_id: string; view?: { type?: string } }, view: types.ModalView): Promise<void> {
  if (body.view?.type === 'modal') await client.views.push({ trigger_id: body.trigger_id, view });
  else await client.views.open({ trigger_id: body.trigger_id, view });
}
