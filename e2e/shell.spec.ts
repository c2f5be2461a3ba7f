import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { chooseEnvironment, demoUsers, environmentNames, signIn, visit, type DemoUser } from './fixtures/auth';

const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

async function seriousViolations(page: Page) {
  // Metadata streams in after the first bytes; check the page as a person meets it, titled.
  await expect(page).toHaveTitle(/Makerport/);
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

test.describe('sign-in and the shell', () => {
  const expectations: [DemoUser, { admin: boolean; environments: string[] }][] = [
    ['admin', { admin: true, environments: ['Contoso (default)', 'Development', 'Production'] }],
    ['maker', { admin: false, environments: ['Contoso (default)', 'Development', 'Production'] }],
    ['maker2', { admin: false, environments: ['Contoso (default)', 'Development', 'Production'] }],
    ['basic', { admin: false, environments: ['Contoso (default)', 'Development', 'Production'] }],
    ['guest', { admin: false, environments: ['Contoso (default)', 'Development', 'Production'] }],
    ['fabrikam', { admin: true, environments: ['Fabrikam (default)'] }],
  ];

  for (const [who, expected] of expectations) {
    test(`${who} signs in and sees the right navigation`, async ({ page }) => {
      await signIn(page, who);
      await expect(page).toHaveURL(/\/connectors$/);
      for (const name of ['Connectors', 'Connections', 'Flows', 'Solutions']) {
        await expect(mainNav(page).getByRole('link', { name, exact: true })).toBeVisible();
      }
      await expect(mainNav(page).getByRole('link', { name: 'Admin', exact: true })).toHaveCount(expected.admin ? 1 : 0);
      await expect(page.getByRole('banner').getByText(demoUsers[who].name, { exact: true })).toBeVisible();
      expect(await environmentNames(page)).toEqual(expected.environments);
    });
  }

  test('a non-admin who types the admin address gets a not-found page', async ({ page }) => {
    await signIn(page, 'maker');
    await visit(page, '/admin');
    await expect(page.getByRole('heading', { name: 'We couldn’t find that page' })).toBeVisible();
  });

  test('the admin center lists the organization’s people and nested groups', async ({ page }) => {
    await signIn(page, 'admin');
    await mainNav(page).getByRole('link', { name: 'Admin' }).click();
    await expect(page.getByRole('heading', { name: 'Admin center' })).toBeVisible();
    const people = page.getByRole('table', { name: 'People' });
    await expect(people.getByRole('row', { name: /Isaiah Langer/ })).toContainText('Deactivated');
    await expect(people.getByRole('row', { name: /Grady Archie/ })).toContainText('Guest');
    await expect(page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Finance', exact: true }) })).toContainText(
      '2 people in all',
    );
  });

  test('switching environment is remembered for the user', async ({ page }) => {
    await signIn(page, 'maker2');
    const switcher = page.getByRole('combobox', { name: 'Environment' });
    await expect(switcher).toContainText('Contoso (default)');
    await chooseEnvironment(page, 'Development');
    await expect(page.getByText('Connectors in Development', { exact: false })).toBeVisible();
    await page.reload();
    await expect(switcher).toContainText('Development');
    // Another sign-in, same choice.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await signIn(page, 'maker2');
    await expect(page.getByRole('combobox', { name: 'Environment' })).toContainText('Development');
    await chooseEnvironment(page, 'Contoso (default)');
    await expect(page.getByText('Connectors in Contoso (default)', { exact: false })).toBeVisible();
  });

  test('signing out ends the session', async ({ page }) => {
    await signIn(page, 'basic');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await visit(page, '/flows');
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test('a deactivated user is refused with the same message as a wrong password', async ({ page }) => {
    await signIn(page, 'former', { expectShell: false });
    const message = page.getByRole('main').getByRole('alert');
    await expect(message).toHaveText('That email and password don’t match an active account.');
    await expect(page.getByRole('textbox', { name: 'Email' })).toHaveValue(demoUsers.former.email);

    await page.getByRole('textbox', { name: 'Email' }).fill(demoUsers.maker.email);
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('main').getByRole('alert')).toHaveText('That email and password don’t match an active account.');
  });

  test('a signed-out visit to a protected page lands on sign-in, then returns there', async ({ page }) => {
    await visit(page, '/flows');
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fflows/);
    await page.getByRole('textbox', { name: 'Email' }).fill(demoUsers.maker.email);
    await page.getByLabel('Password').fill('makerport');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/flows$/);
    await expect(page.getByRole('heading', { name: 'Flows', level: 1 })).toBeVisible();
  });

  test('the sign-in page and the shell have no serious accessibility violations', async ({ page }) => {
    await visit(page, '/sign-in');
    expect(await seriousViolations(page)).toEqual([]);
    await signIn(page, 'admin');
    expect(await seriousViolations(page)).toEqual([]);
    await visit(page, '/admin');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
