/** The case history the task page shows: who did what, when, from the engine's activity history. */
import type { CaseHistoryEntry } from '../../api-types.ts';
import type { EngineHistoricActivity } from '../engine-types.ts';
import { isoDate } from './summary.ts';

/** Steps that are routing, not work: nobody did anything there. */
function isRouting(activity: EngineHistoricActivity): boolean {
  return /gateway/i.test(activity.activityType) || activity.activityType === 'multiInstanceBody' || activity.activityType === 'sequenceFlow';
}

/** Named steps in the order they started; gateways and unnamed elements left out. */
export function historyEntries(activities: readonly EngineHistoricActivity[]): CaseHistoryEntry[] {
  return activities
    .filter((activity) => !isRouting(activity) && activity.activityName?.trim())
    .map((activity) => ({
      activity: activity.activityName!.trim(),
      user: activity.assignee,
      start: isoDate(activity.startTime) ?? activity.startTime,
      end: isoDate(activity.endTime),
    }))
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}
