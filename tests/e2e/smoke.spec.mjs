// First end-to-end test: the release build loads in Chromium and shows the ATM screen.
import { test, expect } from './fixtures.mjs';

test('the release build loads and shows the ATM screen without errors', async ({ page, pageErrors }) => {
  const response = await page.goto('/');
  expect(response?.ok()).toBe(true);

  const screen = page.getByRole('region', { name: 'ATM screen' });
  await expect(screen).toBeVisible();
  await expect(screen).toHaveAttribute('aria-live', 'polite');
  await expect(screen).toContainText('Please insert your card');

  // The page logged no console error and threw no uncaught error (the fixture checks this
  // again after every test; asserting here gives a clearer message for the first test).
  expect(pageErrors).toEqual([]);
});
