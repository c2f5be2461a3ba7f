import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { authKindLabels, specFormatLabels } from '@/components/connectors/labels';
import { Badge } from '@/components/ui/badge';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Table } from '@/components/ui/table';
import { db } from '@/db/client';
import { compareDefinitions } from '@/lib/connectors/compare';
import { getVersion } from '@/lib/connectors/queries';
import { getDraft } from '@/lib/connectors/service';
import { paths } from '@/lib/paths';
import { loadConnectorPage } from '../../_components/load';
import { VersionDownload } from '../../_components/version-download';

export const metadata: Metadata = { title: 'Connector version' };

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/**
 * One released version, read-only: what it holds, its notes, a download, and (`?compare=draft`)
 * what the draft changed since, file by file. Only for those who may read the definition.
 */
export default async function ConnectorVersionPage({
  params,
  searchParams,
}: {
  params: Promise<{ environmentId: string; id: string; version: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { environmentId, id, version: raw } = await params;
  const query = await searchParams;
  const { connector } = await loadConnectorPage(environmentId, id, 'view');
  if (!connector.access.allowed['connector:view-definition'] || !/^\d{1,7}$/.test(raw)) notFound();
  const compare = query.compare === 'draft';
  const [version, draft] = await Promise.all([getVersion(db, connector.id, Number(raw)), compare ? getDraft(db, connector.id) : null]);
  if (!version) notFound();
  const diff = draft ? compareDefinitions(version, draft) : null;
  const can = connector.access.allowed;

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href={paths.connector(connector.environmentId, connector.id, 'versions')} className="hover:underline">
            {connector.name} · Versions
          </Link>
        }
        title={`${version.name} v${version.version}${compare ? ' compared with the draft' : ''}`}
        description={`Released by ${version.releasedByName} on ${dateTime.format(version.releasedAt)} (UTC). Released versions never change.`}
        actions={
          <>
            {compare ? (
              <ButtonLink variant="secondary" href={paths.connectorVersion(connector.environmentId, connector.id, version.version)}>
                Show v{version.version}
              </ButtonLink>
            ) : (
              <ButtonLink
                variant="secondary"
                href={paths.connectorVersion(connector.environmentId, connector.id, version.version, 'draft')}
              >
                Compare with draft
              </ButtonLink>
            )}
            {can['connector:download'] ? (
              <VersionDownload connectorId={connector.id} name={version.name} version={version.version} />
            ) : null}
          </>
        }
      />
      {diff ? (
        diff.length === 0 ? (
          <EmptyState title="No differences">The draft is the same as v{version.version}.</EmptyState>
        ) : (
          <div className="space-y-6">
            {diff.map((file) => (
              <section
                key={file.name}
                aria-labelledby={`diff-${file.name}`}
                className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200"
              >
                <h2 id={`diff-${file.name}`} className="border-b border-slate-200 px-4 py-2 font-mono text-sm font-semibold">
                  {file.name}
                </h2>
                {file.name === 'icon' ? (
                  <p className="px-4 py-3 text-sm text-slate-700">The icon changed.</p>
                ) : file.tooLarge ? (
                  <p className="px-4 py-3 text-sm text-slate-700">
                    This file changed too much to compare line by line. Download both and compare them with a tool of your choice.
                  </p>
                ) : (
                  <div className="overflow-x-auto" role="region" aria-label={`Changes in ${file.name}`} tabIndex={0}>
                    <pre className="min-w-full text-xs leading-5">
                      {file.hunks.map((hunk, h) => (
                        <div key={h}>
                          <div className="bg-slate-50 px-4 text-slate-500">
                            v{version.version} line {hunk.oldStart}, draft line {hunk.newStart}
                          </div>
                          {hunk.lines.map((line, i) => (
                            <div
                              key={i}
                              className={
                                line.startsWith('+')
                                  ? 'bg-emerald-50 px-4 text-emerald-900'
                                  : line.startsWith('-')
                                    ? 'bg-red-50 px-4 text-red-900'
                                    : 'px-4 text-slate-700'
                              }
                            >
                              <span className="sr-only">{line.startsWith('+') ? 'Added: ' : line.startsWith('-') ? 'Removed: ' : ''}</span>
                              {line}
                            </div>
                          ))}
                        </div>
                      ))}
                    </pre>
                  </div>
                )}
              </section>
            ))}
          </div>
        )
      ) : (
        <div className="space-y-6">
          <section aria-labelledby="version-notes" className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
            <h2 id="version-notes" className="text-base font-semibold">
              Release notes
            </h2>
            <p className="mt-1 whitespace-pre-line text-sm text-slate-700">{version.releaseNotes || 'No release notes.'}</p>
            <dl className="mt-4 grid gap-2 text-sm sm:grid-cols-3">
              <div>
                <dt className="text-slate-500">Host</dt>
                <dd>{version.host || '—'}</dd>
              </div>
              <div>
                <dt className="text-slate-500">Definition format</dt>
                <dd>{specFormatLabels[version.specFormat] ?? version.specFormat}</dd>
              </div>
              <div>
                <dt className="text-slate-500">Authentication</dt>
                <dd>{authKindLabels[version.authKind]}</dd>
              </div>
            </dl>
          </section>
          <section aria-labelledby="version-operations">
            <h2 id="version-operations" className="mb-2 text-base font-semibold">
              Operations ({version.operations.length})
            </h2>
            <Table caption={`Operations of v${version.version}`} columns={['Operation', 'Request']}>
              {version.operations.slice(0, 500).map((op) => (
                <tr key={op.operationId}>
                  <td className="px-4 py-2">
                    <div className="font-medium">{op.summary || op.operationId}</div>
                    <code className="text-xs text-slate-500">{op.operationId}</code>{' '}
                    {op.isTrigger ? <Badge tone="purple">Trigger</Badge> : null}
                  </td>
                  <td className="whitespace-nowrap px-4 py-2">
                    <code className="text-xs">
                      <span className="font-semibold">{op.method}</span> {op.path}
                    </code>
                  </td>
                </tr>
              ))}
            </Table>
            {version.operations.length > 500 ? (
              <p className="mt-2 text-sm text-slate-600">
                The first 500 of {version.operations.length} operations. Download the version for all of them.
              </p>
            ) : null}
          </section>
        </div>
      )}
    </>
  );
}
