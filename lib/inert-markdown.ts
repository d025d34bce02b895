import { defaultUrlTransform } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import type { Nodes, Parent, Root } from 'mdast';

// Containers whose children are blocks: raw HTML there becomes a paragraph of text.
const FLOW = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition']);

/**
 * Raw HTML becomes visible text, images become links (a viewer would fetch them unasked, as the
 * UI never does) and unsafe URLs are blanked, by the same rule the UI renders with.
 */
function inert() {
  return (tree: Root) => {
    visit(tree, (node: Nodes, index, parent: Parent | undefined) => {
      if (node.type === 'html' && parent && index !== undefined) {
        const text = { type: 'text' as const, value: node.value };
        parent.children[index] = FLOW.has(parent.type) ? { type: 'paragraph', children: [text] } : text;
      } else if (node.type === 'image' && parent && index !== undefined) {
        parent.children[index] = { type: 'link', url: defaultUrlTransform(node.url), children: [{ type: 'text', value: `image: ${node.alt || 'untitled'}` }] };
      } else if (node.type === 'imageReference' && parent && index !== undefined) {
        const { identifier, label, referenceType } = node;
        parent.children[index] = { type: 'linkReference', identifier, label, referenceType, children: [{ type: 'text', value: `image: ${node.alt || 'untitled'}` }] };
      } else if (node.type === 'link' || node.type === 'definition') {
        node.url = defaultUrlTransform(node.url);
      }
    });
  };
}

const processor = unified().use(remarkParse).use(remarkGfm).use(inert).use(remarkStringify, { bullet: '-', emphasis: '_', rule: '-' });

/**
 * Untrusted Markdown (model output) made safe to hand to any Markdown renderer: no raw HTML,
 * no script or data URLs. Code and the rest of the formatting are kept.
 */
export function inertMarkdown(text: string): string {
  return String(processor.processSync(text)).trimEnd();
}
