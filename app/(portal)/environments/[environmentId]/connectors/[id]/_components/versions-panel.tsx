import Link from 'next/link';
import { Notice } from '@/components/ui/notice';
import { Table } from '@/components/ui/table';
import { db } from '@/db/client';
import type { Loaded } from '@/lib/authz';
import { getShare } from '@/lib/connectors/environment-sharing';
import { draftHasChanges, listVersions } from '@/lib/connectors/queries';
import { paths } from '@/lib/paths';
import { VersionDownload } from './version-download';

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** The Versions tab: released versions (immutable), their notes, which one other environments get, and the draft's state. */
export async function VersionsPanel({ connector }: { connector: Loaded<'connector'> }) {
  if (connector.sourceKind) {
    return (
      <Notice tone="info">
        Installed from another environment at v{connector.installedVersion}. Newer shared versions appear under Shared connectors, with
        Update.
      </Notice>
    );
  }
  const [versions, changed, share] = await Promise.all([
    listVersions(db, connector.id),
    draftHasChanges(db, connector.id),
    getShare(db, connector.id),
  ]);
  const can = connector.access.allowed;
  const sharedWith = share ? (share.allEnvironments ? 'All environments' : share.environmentNames.join(', ')) : null;
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">
        {versions.length === 0
          ? 'Only a draft so far. Release a version to freeze it: connections, flows and other environments use released versions.'
          : changed
            ? `The draft has changes since v${connector.latestVersion}. Release a version to freeze them.`
            : `The draft is the same as v${connector.latestVersion}.`}{' '}
        {share
          ? `v${share.version} is shared with ${sharedWith} as ${share.sourceKind} source.`
          : versions.length > 0
            ? 'No version is shared with other environments.'
            : ''}
      </p>
      {versions.length > 0 ? (
        <Table
          caption="Released versions"
          columns={[
            'Version',
            'Release notes',
            'Operations',
            'Released by',
            'Released (UTC)',
            'Shared with',
            { label: 'Actions', hidden: true },
          ]}
        >
          {versions.map((v) => (
            <tr key={v.version}>
              <td className="px-4 py-2 font-medium">
                {can['connector:view-definition'] ? (
                  <Link
                    href={paths.connectorVersion(connector.environmentId, connector.id, v.version)}
                    className="text-brand-700 hover:underline"
                  >
                    v{v.version}
                  </Link>
                ) : (
                  `v${v.version}`
                )}
              </td>
              <td className="max-w-sm whitespace-pre-line px-4 py-2 text-slate-700">
                {v.releaseNotes || <span className="text-slate-500">—</span>}
              </td>
              <td className="px-4 py-2">{v.operationCount}</td>
              <td className="px-4 py-2">{v.releasedByName}</td>
              <td className="whitespace-nowrap px-4 py-2 text-slate-600">{dateTime.format(v.releasedAt)}</td>
              <td className="px-4 py-2 text-slate-700">
                {share?.version === v.version ? sharedWith : <span className="text-slate-500">Not shared</span>}
              </td>
              <td className="whitespace-nowrap px-4 py-2 text-right">
                {can['connector:view-definition'] ? (
                  <Link
                    href={paths.connectorVersion(connector.environmentId, connector.id, v.version, 'draft')}
                    className="mr-3 text-sm text-brand-700 hover:underline"
                    aria-label={`Compare v${v.version} with the draft`}
                  >
                    Compare with draft
                  </Link>
                ) : null}
                {can['connector:download'] ? <VersionDownload connectorId={connector.id} name={v.name} version={v.version} /> : null}
              </td>
            </tr>
          ))}
        </Table>
      ) : null}
    </div>
  );
}
