/** The demo organization's people and places: seeded on first run, listed on the sign-in page and in the README. */
export const DEMO_PASSWORD = 'makerport';

export const demoUsers = {
  admin: { email: 'admin@contoso.test', name: 'Adele Vance', description: 'Organization admin, Environment Admin everywhere' },
  maker: { email: 'maker@contoso.test', name: 'Megan Bowen', description: 'Environment Maker' },
  maker2: { email: 'maker2@contoso.test', name: 'Nestor Wilke', description: 'Environment Maker, in Finance' },
  basic: { email: 'basic@contoso.test', name: 'Lynne Robbins', description: 'Basic User, in Finance Analysts' },
  guest: { email: 'guest@fabrikam.test', name: 'Grady Archie', description: 'Guest, Environment Maker' },
  former: { email: 'former@contoso.test', name: 'Isaiah Langer', description: 'Deactivated: cannot sign in' },
  fabrikam: { email: 'owner@fabrikam.test', name: 'Diego Siciliani', description: 'Fabrikam, another organization' },
} as const;

export const demoEnvironments = {
  default: 'Contoso (default)',
  production: 'Production',
  development: 'Development',
} as const;

export const demoGroups = { finance: 'Finance', analysts: 'Finance Analysts' } as const;
