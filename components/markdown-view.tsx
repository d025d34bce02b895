import { memo } from 'react';
import ReactMarkdown, { defaultUrlTransform } from 'react-markdown';
import remarkGfm from 'remark-gfm';

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
          img: ({ node: _node, src, alt, ...props }) => (src ? <img {...props} src={src} alt={alt ?? ''} /> : <span>{alt}</span>),
        }}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
});

export default MarkdownView;
