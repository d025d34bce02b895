import { expect, type Locator, type Page } from '@playwright/test';

/**
 * A model answer that tries every trick we know: raw HTML, event handlers, script and
 * data URLs in links and images. Rendered anywhere (grid, final answer, share page, export),
 * it must stay inert text. Reuse `HOSTILE_ANSWER` + `expectInert` for every new surface.
 */
export const HOSTILE_ANSWER = [
  'Here is **my answer**, with [a safe link](https://example.com/ok).',
  '<script>window.__xss = "script"</script>',
  '<img src=x onerror="window.__xss = \'img-onerror\'">',
  '<svg onload="window.__xss = \'svg-onload\'"><circle r="4"/></svg>',
  '<iframe src="javascript:window.__xss=\'iframe\'"></iframe>',
  '<a href="javascript:window.__xss=\'raw-a\'">raw html link</a>',
  '<div onmouseover="window.__xss = \'hover\'">hover me</div>',
  '<style>body { display: none }</style>',
  '[markdown js link](javascript:window.__xss=\'md-link\')',
  '[data link](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9J2RhdGEnPC9zY3JpcHQ+)',
  '[vbscript link](vbscript:msgbox(1))',
  '![image](javascript:window.__xss=\'md-img\')',
  '![data image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+)',
  '<a href="https://evil.example" target="_self" onclick="window.__xss=\'onclick\'">click</a>',
  'The end.',
].join('\n\n');

const SAFE_URL = /^(https?:|mailto:|#|\/(?!\/)|$)/i;

/** Fails on any dialog the page opens (an alert() that got through). */
export function failOnDialog(page: Page) {
  page.on('dialog', (dialog) => {
    void dialog.dismiss();
    throw new Error(`A dialog opened: ${dialog.message()}`);
  });
}

/** `root` shows hostile output as text: no active elements, handlers or unsafe URLs, and nothing ran. */
export async function expectInert(page: Page, root: Locator) {
  await expect(root).toContainText('The end.');
  const found = await root.evaluate((el) => {
    const all = [el, ...el.querySelectorAll('*')];
    return {
      active: all.filter((e) => /^(script|iframe|object|embed|svg|style|form|base|meta|link)$/i.test(e.tagName)).map((e) => e.tagName),
      handlers: all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName}[${a.name}]`)),
      urls: all.flatMap((e) => ['href', 'src', 'xlink:href', 'action', 'formaction'].flatMap((name) => (e.hasAttribute(name) ? [e.getAttribute(name)!] : []))),
      styles: all.filter((e) => e.hasAttribute('style')).length,
    };
  });
  expect(found.active).toEqual([]);
  expect(found.handlers).toEqual([]);
  expect(found.styles).toBe(0);
  for (const url of found.urls) expect(url, `unsafe URL ${url}`).toMatch(SAFE_URL);
  // The safe link survived, so Markdown did render.
  expect(found.urls).toContain('https://example.com/ok');
  // Hover and click everything that could carry a handler; nothing may run.
  for (const link of await root.locator('a').all()) await link.hover();
  await root.hover();
  expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
}

/**
 * Watches, from the first paint, every element added inside a cell's text or the final answer
 * while a run streams: active elements, handlers and unsafe URLs are recorded in `__live.dangers`,
 * and `__live.streamedHostile` says hostile text was really seen mid-stream.
 */
export async function watchLiveDangers(page: Page) {
  await page.addInitScript(() => {
    const live = { dangers: [] as string[], streamedHostile: false };
    (window as unknown as { __live: typeof live }).__live = live;
    const inside = (node: Node) => (node instanceof Element ? node : node.parentElement)?.closest('[data-testid=agent-text],[data-testid=final-text]');
    const check = (el: Element) => {
      for (const e of [el, ...el.querySelectorAll('*')]) {
        if (/^(script|iframe|object|embed|svg|style|form|base|meta|link)$/i.test(e.tagName)) live.dangers.push(e.tagName);
        for (const a of e.attributes) {
          if (/^on/i.test(a.name)) live.dangers.push(`${e.tagName}[${a.name}]`);
          if (/^(href|src|xlink:href|action|formaction)$/i.test(a.name) && !/^(https?:|mailto:|#|\/(?!\/)|$)/i.test(a.value)) live.dangers.push(`${a.name}=${a.value}`);
        }
      }
    };
    const observe = () =>
      new MutationObserver((records) => {
        for (const record of records) {
          if (!inside(record.target)) continue;
          for (const node of record.addedNodes) if (node instanceof Element) check(node);
          if (record.type === 'attributes' && record.target instanceof Element) check(record.target);
          const streaming = (record.target instanceof Element ? record.target : record.target.parentElement)?.closest('[data-status=streaming]');
          if (streaming && inside(record.target)?.textContent?.includes('<script>')) live.streamedHostile = true;
        }
      }).observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true });
    if (document.documentElement) observe();
    else document.addEventListener('DOMContentLoaded', observe);
  });
}
