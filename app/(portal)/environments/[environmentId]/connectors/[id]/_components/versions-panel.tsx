import { Notice } from '@/components/ui/notice';
import { Table } from '@/components/ui/table';
import { db } from '@/db/client';
import type { Loaded } from '@/lib/authz';
import { draftHasChanges, listVersions } from '@/lib/connectors/queries';

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** The Versions tab: released versions (immutable) and whether the draft moved on. */
export async function VersionsPanel({ connector }: { connector: Loaded<'connector'> }) {
  if (connector.sourceKind) {
    return (
      <Notice tone="info">
        Installed from another environment at v{connector.installedVersion}. Newer shared versions appear under Shared connectors, with
        Update.
      </Notice>
    );
  }
  const [versions, changed] = await Promise.all([listVersions(db, connector.id), draftHasChanges(db, connector.id)]);
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">
        {versions.length === 0
          ? 'Only a draft so far. Release a version to freeze it: flows and other environments use released versions.'
          : changed
            ? `The draft has changes since v${connector.latestVersion}. Release a version to freeze them.`
            : `The draft is the same as v${connector.latestVersion}.`}
      </p>
      {versions.length > 0 ? (
        <Table caption="Released versions" columns={['Version', 'Name', 'Operations', 'Released by', 'Released (UTC)']}>
          {versions.map((v) => (
            <tr key={v.version}>
              <td className="px-4 py-2 font-medium">v{v.version}</td>
              <td className="px-4 py-2">{v.name}</td>
              <td className="px-4 py-2">{v.operationCount}</td>
              <td className="px-4 py-2">{v.releasedByName}</td>
              <td className="px-4 py-2 text-slate-600">{dateTime.format(v.releasedAt)}</td>
            </tr>
          ))}
        </Table>
      ) : null}
    </div>
  );
}
