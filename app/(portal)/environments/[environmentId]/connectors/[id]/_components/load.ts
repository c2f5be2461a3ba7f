import 'server-only';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { assert } from '@/lib/authz';
import { orNotFound, requireEnvironment } from '@/lib/pages';
import { paths, type ConnectorTab } from '@/lib/paths';

/**
 * The connector of a page, with the actor's access: one query per request, shared by the title and
 * the page (React cache). Not visible → 404. Opened under another environment's URL → the same page
 * in the connector's own environment, so the header and every link follow it.
 */
export const loadConnectorPage = cache(async (environmentId: string, connectorId: string, page: 'view' | 'edit', tab?: ConnectorTab) => {
  const { actor } = await requireEnvironment(environmentId);
  const connector = await orNotFound(() => assert(actor, 'connector:view', { kind: 'connector', id: connectorId }));
  if (connector.environmentId !== environmentId) {
    redirect(
      page === 'edit'
        ? paths.editConnector(connector.environmentId, connector.id)
        : paths.connector(connector.environmentId, connector.id, tab),
    );
  }
  return { actor, connector };
});
