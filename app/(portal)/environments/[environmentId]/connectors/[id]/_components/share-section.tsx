import { db } from '@/db/client';
import { policy, type Actor, type Loaded } from '@/lib/authz';
import { listAccess } from '@/lib/sharing/grants';
import { ConnectorSharePanel } from './connector-share-panel';

/** The Share tab: one query for who has access (the access decision was the page's one query). */
export async function SharePanelSection({ actor, connector }: { actor: Actor; connector: Loaded<'connector'> }) {
  const rows = await listAccess(db, actor, 'connector', connector.id);
  const labels = policy.levelLabels.connector;
  const levels = policy.shareableLevels.connector.map((value) => ({
    value,
    label: labels[value],
    rank: policy.levelValue('connector', value),
  }));
  return (
    <ConnectorSharePanel
      connectorId={connector.id}
      resourceLabel="this connector"
      levels={levels}
      grantable={connector.access.grantable ? policy.levelValue('connector', connector.access.grantable) : null}
      everyoneMax={policy.levelValue('connector', policy.everyoneMax.connector)}
      rows={rows.map((r) => ({ ...r, levelLabel: labels[r.levelName as policy.ConnectorLevel] ?? r.levelName }))}
    />
  );
}
