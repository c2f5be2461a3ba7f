import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { Table, Td } from '@/components/ui/table';
import { db } from '@/db/client';
import { requireUser } from '@/lib/auth/current-user';
import { canInOrganization, isId, policy } from '@/lib/authz';
import { auditActionLabel, auditTargetKindLabel, describeAudit } from '@/components/shell/audit-description';
import { paths } from '@/lib/paths';
import {
  AUDIT_PAGE_SIZE,
  type AuditItem,
  listAudit,
  listEnvironments,
  listGroups,
  listUsers,
  USERS_PAGE_SIZE,
} from '@/lib/directory/queries';

export const metadata: Metadata = { title: 'Admin' };

const auditTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

/** Where an entry's target lives now, if it still exists and has a page. */
function auditTargetHref(entry: AuditItem): string | null {
  if (!entry.targetExists || !entry.targetId || !entry.environmentId) return null;
  if (entry.targetKind === 'connector') return paths.connector(entry.environmentId, entry.targetId);
  if (entry.targetKind === 'environment') return paths.environment(entry.environmentId);
  return null;
}

const roleLabel = (role: string) => policy.roleLabels[role as keyof typeof policy.roleLabels] ?? role;

export default async function AdminPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireUser();
  // Not an admin: the admin center does not exist for them.
  if (!canInOrganization(actor, 'organization:admin')) notFound();
  const params = await searchParams;
  const afterName = typeof params.afterName === 'string' ? params.afterName : undefined;
  const afterId = typeof params.afterId === 'string' && isId(params.afterId) ? params.afterId : undefined;
  const auditBefore =
    typeof params.auditBefore === 'string' && /^\d{1,15}$/.test(params.auditBefore) ? Number(params.auditBefore) : undefined;
  const [users, groups, environments, audit] = await Promise.all([
    listUsers(db, actor, afterName && afterId ? { name: afterName, id: afterId } : undefined),
    listGroups(db, actor),
    listEnvironments(db, actor),
    listAudit(db, actor, auditBefore),
  ]);
  const lastAudit = audit.at(-1);
  const last = users.at(-1);
  return (
    <>
      <PageHeader
        title="Admin center"
        description={`People, groups and environments of ${actor.organizationName} (region ${actor.organizationRegion}).`}
      />
      <div className="space-y-10">
        <section aria-labelledby="environments-heading">
          <h2 id="environments-heading" className="mb-3 text-lg font-semibold">
            Environments
          </h2>
          <Table caption="Environments" columns={['Name', 'Region', 'Flags']}>
            {environments.map((env) => (
              <tr key={env.id}>
                <td className="px-4 py-2 font-medium">{env.name}</td>
                <td className="px-4 py-2 text-slate-600">{env.region}</td>
                <td className="space-x-1 px-4 py-2">
                  {env.isDefault ? <Badge tone="brand">Default</Badge> : null}
                  {env.isSensitive ? <Badge tone="amber">Sensitive</Badge> : null}
                </td>
              </tr>
            ))}
          </Table>
        </section>

        <section aria-labelledby="users-heading">
          <h2 id="users-heading" className="mb-3 text-lg font-semibold">
            People
          </h2>
          <Table caption="People" columns={['Name', 'Email', 'Status', 'Environment roles']}>
            {users.map((user) => (
              <tr key={user.id}>
                <td className="px-4 py-2 font-medium">
                  {user.name} {user.isOrgAdmin ? <Badge tone="purple">Organization admin</Badge> : null}
                </td>
                <td className="px-4 py-2 text-slate-600">{user.email}</td>
                <td className="space-x-1 px-4 py-2">
                  {user.kind === 'guest' ? <Badge tone="amber">Guest</Badge> : <Badge>Member</Badge>}
                  {user.deactivated ? <Badge tone="red">Deactivated</Badge> : null}
                </td>
                <td className="min-w-64 px-4 py-2 text-slate-600">
                  {user.roles.length === 0 ? 'No role' : user.roles.map((r) => `${r.environmentName}: ${roleLabel(r.role)}`).join(' · ')}
                </td>
              </tr>
            ))}
          </Table>
          <Pager
            label="People pages"
            first={afterId ? { href: paths.admin(), text: 'First page' } : null}
            next={
              users.length === USERS_PAGE_SIZE && last
                ? { href: paths.admin({ afterName: last.name, afterId: last.id }), text: 'Next page' }
                : null
            }
          />
        </section>

        <section aria-labelledby="groups-heading">
          <h2 id="groups-heading" className="mb-3 text-lg font-semibold">
            Groups
          </h2>
          {groups.length === 0 ? (
            <p className="text-sm text-slate-600">No groups yet.</p>
          ) : (
            <ul className="grid gap-3 sm:grid-cols-2">
              {groups.map((group) => (
                <li key={group.id} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
                  <h3 className="font-medium">{group.name}</h3>
                  {group.description ? <p className="text-sm text-slate-600">{group.description}</p> : null}
                  <p className="mt-2 text-sm">
                    <span className="text-slate-500">Direct members: </span>
                    {group.members.length === 0
                      ? 'none'
                      : group.members.map((m) => (m.kind === 'group' ? `${m.name} (group)` : m.name)).join(', ')}
                  </p>
                  <p className="text-sm text-slate-500">
                    {group.effectiveUserCount} {group.effectiveUserCount === 1 ? 'person' : 'people'} in all, through nested groups
                  </p>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="audit-heading">
          <h2 id="audit-heading" className="mb-1 text-lg font-semibold">
            Audit log
          </h2>
          <p className="mb-3 text-sm text-slate-600">Every change of access, newest first. Entries can’t be edited or deleted.</p>
          <Table caption="Audit log" columns={['When (UTC)', 'Who', 'What', 'Target', 'Environment', 'Change']}>
            {audit.map((entry) => {
              const href = auditTargetHref(entry);
              return (
                <tr key={entry.id}>
                  <Td className="whitespace-nowrap text-slate-600">{auditTime.format(entry.createdAt)}</Td>
                  <Td>{entry.actorName ?? 'System'}</Td>
                  <Td className="whitespace-nowrap">{auditActionLabel(entry.action)}</Td>
                  <Td>
                    <span className="block text-xs text-slate-500">{auditTargetKindLabel(entry.targetKind)}</span>
                    {href ? (
                      <Link href={href} className="text-brand-700 hover:underline">
                        {entry.targetName ?? 'Open'}
                      </Link>
                    ) : (
                      (entry.targetName ?? '—')
                    )}
                  </Td>
                  <Td className="text-slate-600">{entry.environmentName ?? '—'}</Td>
                  <Td className="text-slate-700">{describeAudit(entry)}</Td>
                </tr>
              );
            })}
          </Table>
          <Pager
            label="Audit log pages"
            first={auditBefore ? { href: paths.admin(undefined, 'audit-heading'), text: 'Newest entries' } : null}
            next={
              audit.length === AUDIT_PAGE_SIZE && lastAudit
                ? { href: paths.admin({ auditBefore: String(lastAudit.id) }, 'audit-heading'), text: 'Older entries' }
                : null
            }
          />
        </section>
      </div>
    </>
  );
}
