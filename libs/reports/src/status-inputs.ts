import { publicErrorText, type ReportSource, type StatusId, type StatusOf } from '@flywheel/contracts';
import type { StatusRead } from '@flywheel/status-store';

/** The status files a report reads, as the status store gave them (missing ones may be left out). */
export type ReportStatuses = { [Id in StatusId]?: StatusRead<Id> };

/** The file's data when it could be read, else null. */
export function statusData<Id extends StatusId>(statuses: ReportStatuses, id: Id): StatusOf<Id> | null {
  const read = statuses[id] as StatusRead<Id> | undefined;
  return read?.state === 'present' ? read.data : null;
}

/** What reading one status gave, for the report's sources list. */
export function sourceOf(name: string, read: StatusRead | undefined): ReportSource {
  if (!read || read.state === 'missing') return { name, state: 'missing', last_update: null, error: null };
  if (read.state === 'error') return { name, state: 'error', last_update: null, error: publicErrorText(read.error) };
  return { name, state: 'present', last_update: read.lastUpdate, error: read.otherCopyError ? publicErrorText(read.otherCopyError) : null };
}
