// A workspace's settings: the columns the /tend settings modal edits.
import type { SettingsPatch } from '../domain/read-models.ts';
import type { Prisma } from './db.ts';

export async function saveSettings(prisma: Prisma, workspaceId: number, s: SettingsPatch): Promise<void> {
  // a manager chose the timezone: from now on no installer or member timezone replaces it
  await prisma.workspace.update({ where: { id: workspaceId }, data: { ...s, timezoneSource: 'settings' } });
}
