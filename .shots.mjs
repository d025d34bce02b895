// Scratch: screenshots of the main screens (not committed).
import { chromium } from '@playwright/test';
const base = process.env.BASE ?? 'http://127.0.0.1:5200';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
for (const scheme of ['light', 'dark']) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: scheme });
  const page = await ctx.newPage();
  await page.goto(base + '/');
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `/tmp/shots/board-${scheme}.png` });
  await page.getByLabel('Prompt', { exact: true }).fill('What are the trade-offs of microservices versus a monolith for a small team?');
  await page.getByLabel('Prompt', { exact: true }).press('Control+Enter');
  await page.waitForTimeout(2500);
  await page.screenshot({ path: `/tmp/shots/running-${scheme}.png` });
  await page.locator('[data-testid=final-answer][data-status=finished]').waitFor({ timeout: 120000 });
  await page.waitForTimeout(1000);
  await page.screenshot({ path: `/tmp/shots/finished-${scheme}.png` });
  await page.getByTestId('run-metrics').scrollIntoViewIfNeeded();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `/tmp/shots/metrics-${scheme}.png` });
  await page.goto(base + '/compare');
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `/tmp/shots/compare-empty-${scheme}.png` });
  const box = page.getByRole('textbox').first();
  await box.fill('How do tides work?');
  await box.press('Control+Enter');
  await page.waitForTimeout(2500);
  await page.screenshot({ path: `/tmp/shots/compare-running-${scheme}.png` });
  await page.waitForTimeout(20000);
  await page.screenshot({ path: `/tmp/shots/compare-done-${scheme}.png` });
  await ctx.close();
}
await browser.close();
