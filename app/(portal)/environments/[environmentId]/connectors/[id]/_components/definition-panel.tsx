import { authKindLabels, specFormatLabels } from '@/components/connectors/labels';
import { Badge } from '@/components/ui/badge';
import { Notice } from '@/components/ui/notice';
import { Table } from '@/components/ui/table';
import { db } from '@/db/client';
import type { Loaded } from '@/lib/authz';
import { getConnectorView } from '@/lib/connectors/queries';

function Term({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="py-2 sm:grid sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="mt-1 text-sm text-slate-900 sm:col-span-2 sm:mt-0">{children}</dd>
    </div>
  );
}

/** The Definition tab: properties, connection parameters and operations; the source only to those who may read it. */
export async function DefinitionPanel({ connector }: { connector: Loaded<'connector'> }) {
  const view = await getConnectorView(db, connector);
  const source = view.source;
  const opsWithPaths = new Map(source?.operations.map((o) => [o.operationId, o]) ?? []);
  return (
    <div className="space-y-6">
      {!view.showsSource ? (
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
                href={`/api/connectors/${connector.id}/definition`}
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
        <h2 id="operations-heading" className="mb-2 text-base font-semibold">
          Operations ({view.operations.length})
        </h2>
        <Table caption="Operations" columns={source ? ['Operation', 'Request', 'Parameters'] : ['Operation', 'Parameters']}>
          {view.operations.map((op) => {
            const full = opsWithPaths.get(op.operationId);
            return (
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
                    {full ? (
                      <code className="text-xs">
                        <span className="font-semibold">{full.method}</span> {full.path}
                      </code>
                    ) : null}
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
            );
          })}
        </Table>
      </section>
    </div>
  );
}
