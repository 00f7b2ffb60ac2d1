// A workspace's settings: the columns the /tend settings modal edits.
import type { DeliveryMode } from '../domain/vocabulary.ts';
import type { Prisma } from './db.ts';

export type SettingsPatch = {
  nudgeChannelId: string | null;
  deliveryMode: DeliveryMode;
  digestUserIds: string[];
  digestChannelId: string | null;
  digestTime: string;
  timezone: string;
  stallFactor: number;
  stallMinDays: number;
  stallMaxDays: number;
  defaultRhythmDays: number;
  dailyNudgeBudget: number;
};

export async function saveSettings(prisma: Prisma, workspaceId: number, s: SettingsPatch): Promise<void> {
  await prisma.workspace.update({ where: { id: workspaceId }, data: s });
}
