import type { ConnectorAuthKind } from '@/db/schema';
import type { Access } from '@/lib/authz';
import { levelLabels } from '@/lib/authz/policy';

export const authKindLabels: Record<ConnectorAuthKind, string> = {
  none: 'No authentication',
  api_key: 'API key',
  basic: 'Basic authentication',
  oauth2: 'OAuth 2.0',
};

export const specFormatLabels: Record<string, string> = {
  'swagger-2.0': 'OpenAPI 2.0 (Swagger)',
  'openapi-3.0': 'OpenAPI 3.0',
  'openapi-3.1': 'OpenAPI 3.1',
};

/** "Owner", "Can edit", … or "Admin" when only an admin role gives access. */
export function accessLabel(access: Access<'connector'>): string {
  if (access.level) return levelLabels.connector[access.level];
  return access.isAdmin ? 'Admin' : 'None';
}
