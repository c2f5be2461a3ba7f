/*
 * Microsoft Entra ID sign-in settings, read from the environment (README, Configuration). One Entra
 * tenant maps to one Makerport organization: the issuer must be tenant-specific (the multi-tenant
 * endpoints `common`, `organizations`, `consumers` would accept accounts from any tenant), and
 * AUTH_MICROSOFT_ENTRA_ID_ORG names the organization whose people that tenant signs in.
 * No database here: proxy.ts reads the issuer's origin for the Content-Security-Policy.
 */

export interface EntraSettings {
  clientId: string;
  clientSecret: string;
  /** `https://login.microsoftonline.com/<tenant id>/v2.0` */
  issuer: string;
  /** The Entra tenant (directory) id: the `tid` every token must carry. */
  tenantId: string;
  /** The Makerport organization (by name) whose active users this tenant signs in. */
  organizationName: string;
}

const TENANT_ISSUER = /^https:\/\/login\.microsoftonline\.com\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/v2\.0\/?$/i;

/** The configured Entra settings, or null when Entra sign-in is off (any part missing or not tenant-specific). */
export function entraSettingsFromEnv(env: Record<string, string | undefined> = process.env): EntraSettings | null {
  const clientId = env.AUTH_MICROSOFT_ENTRA_ID_ID;
  const clientSecret = env.AUTH_MICROSOFT_ENTRA_ID_SECRET;
  const issuer = env.AUTH_MICROSOFT_ENTRA_ID_ISSUER ?? '';
  const organizationName = env.AUTH_MICROSOFT_ENTRA_ID_ORG?.trim();
  const tenantId = issuer.match(TENANT_ISSUER)?.[1]?.toLowerCase();
  if (!clientId || !clientSecret || !tenantId || !organizationName) return null;
  return { clientId, clientSecret, issuer, tenantId, organizationName };
}
