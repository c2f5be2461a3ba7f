import { authKindLabels, specFormatLabels } from '@/components/connectors/labels';
import { Badge } from '@/components/ui/badge';
import { Notice } from '@/components/ui/notice';
import { Table } from '@/components/ui/table';
import { db } from '@/db/client';
import type { Loaded } from '@/lib/authz';
import { SearchParamFilter } from '@/components/ui/search-param-filter';
import { Pager } from '@/components/ui/pager';
import { getConnectorView, listOperations } from '@/lib/connectors/queries';
import { paths } from '@/lib/paths';

function Term({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="py-2 sm:grid sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="mt-1 text-sm text-slate-900 sm:col-span-2 sm:mt-0">{children}</dd>
    </div>
  );
}

/** The Definition tab: properties, connection parameters and operations; the source only to those who may read it. */
export async function DefinitionPanel({
  connector,
  operationFilter,
  operationsAfter,
}: {
  connector: Loaded<'connector'>;
  operationFilter?: string;
  operationsAfter?: number;
}) {
  const [view, operations] = await Promise.all([
    getConnectorView(db, connector),
    listOperations(db, connector, { filter: operationFilter, after: operationsAfter }),
  ]);
  const source = view.source;
  const pageQuery = (after?: number) =>
    paths.connector(connector.environmentId, connector.id, undefined, {
      ops: operationFilter || undefined,
      opsAfter: after ? String(after) : undefined,
    });
  return (
    <div className="space-y-6">
      {!view.showsDefinition ? (
        <Notice tone="info" title="Closed source">
          This connector was shared with your environment as closed source: you can install it, create connections and use its operations.
          Its definition (host, paths, schemas, policies and code) stays with its owner.
        </Notice>
      ) : null}

      <section aria-labelledby="properties-heading" className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <h2 id="properties-heading" className="text-base font-semibold">
          Properties
        </h2>
        <dl className="mt-2 divide-y divide-slate-100">
          {source ? (
            <>
              <Term label="Host">{source.host || <span className="text-slate-500">Not set</span>}</Term>
              <Term label="Base URL">{source.basePath}</Term>
              <Term label="Definition format">{specFormatLabels[source.specFormat] ?? source.specFormat}</Term>
            </>
          ) : null}
          <Term label="Authentication">{authKindLabels[view.authKind]}</Term>
          <Term label="Connection parameters">
            {view.connectionParameters.length === 0 ? (
              <span className="text-slate-500">None: connections need no credentials.</span>
            ) : (
              <ul className="space-y-1">
                {view.connectionParameters.map((p) => (
                  <li key={p.name} className="flex flex-wrap items-center gap-1.5">
                    <span>{p.displayName}</span>
                    <code className="text-xs text-slate-500">{p.name}</code>
                    {p.isSecret ? <Badge tone="amber">Secret</Badge> : null}
                    {p.required ? <Badge>Required</Badge> : null}
                  </li>
                ))}
              </ul>
            )}
          </Term>
          {source ? (
            <Term label="API definition">
              <a
                href={paths.api.connectorDefinition(connector.id)}
                target="_blank"
                rel="noreferrer"
                className="text-brand-700 hover:underline"
              >
                Open the API definition
              </a>{' '}
              <span className="text-slate-500">({(source.documentBytes / 1024).toFixed(source.documentBytes < 10240 ? 1 : 0)} KB)</span>
              {source.hasScript ? <p className="mt-1 text-slate-600">Includes script.csx, kept but not run by Makerport.</p> : null}
            </Term>
          ) : null}
        </dl>
      </section>

      {source && source.warnings.length > 0 ? (
        <section aria-labelledby="warnings-heading" className="rounded-lg bg-amber-50 p-5 ring-1 ring-amber-200">
          <h2 id="warnings-heading" className="text-base font-semibold text-amber-900">
            Warnings ({source.warnings.length})
          </h2>
          <p className="mt-1 text-sm text-amber-900">
            The definition imported; a strict check found these. Power Platform accepts them too.
          </p>
          <ul className="mt-3 space-y-1.5 text-sm">
            {source.warnings.map((w, i) => (
              <li key={i}>
                <span className="text-amber-950">{w.message}</span> <code className="break-all text-xs text-amber-800">{w.location}</code>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="operations-heading">
        <div className="mb-2 flex flex-wrap items-center justify-between gap-3">
          <h2 id="operations-heading" className="text-base font-semibold">
            Operations ({operations.total})
          </h2>
          {operations.total > 10 ? <SearchParamFilter param="ops" label="Filter operations" resetParams={['opsAfter']} /> : null}
        </div>
        {operationFilter ? (
          <p className="mb-2 text-sm text-slate-600" role="status">
            {operations.matched === 0
              ? `No operation matches “${operationFilter}”.`
              : `${operations.matched} of ${operations.total} match “${operationFilter}”.`}
          </p>
        ) : null}
        {operations.items.length > 0 ? (
          <Table caption="Operations" columns={source ? ['Operation', 'Request', 'Parameters'] : ['Operation', 'Parameters']}>
            {operations.items.map((op) => (
              <tr key={op.operationId}>
                <td className="px-4 py-2">
                  <div className="font-medium">{op.summary || op.operationId}</div>
                  <div className="flex flex-wrap items-center gap-1.5 text-xs text-slate-500">
                    <code>{op.operationId}</code>
                    {op.isTrigger ? <Badge tone="purple">Trigger</Badge> : null}
                    {op.deprecated ? <Badge tone="red">Deprecated</Badge> : null}
                  </div>
                </td>
                {source ? (
                  <td className="whitespace-nowrap px-4 py-2">
                    <code className="text-xs">
                      <span className="font-semibold">{op.method}</span> {op.path}
                    </code>
                  </td>
                ) : null}
                <td className="px-4 py-2 text-xs text-slate-600">
                  {op.parameters.length === 0
                    ? 'None'
                    : op.parameters.map((p, i) => (
                        <span key={`${p.name}-${i}`}>
                          {i > 0 ? ', ' : ''}
                          {p.name}
                          {p.required ? <span aria-label="required">*</span> : null}
                        </span>
                      ))}
                </td>
              </tr>
            ))}
          </Table>
        ) : null}
        <Pager
          label="Operations pages"
          first={operationsAfter ? { href: pageQuery(), text: 'First operations' } : null}
          next={operations.next ? { href: pageQuery(operations.next), text: 'Next operations' } : null}
        />
      </section>
    </div>
  );
}
