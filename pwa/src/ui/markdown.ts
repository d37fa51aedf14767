/**
 * Model output is untrusted: an injected script here could drive the agent with the user's
 * session. Markdown is rendered by marked, then sanitized by DOMPurify (no scripts, no event
 * handlers, no iframes or forms), and links open outside the app.
 */
import DOMPurify from 'dompurify';
import { marked } from 'marked';

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

export function renderMarkdown(text: string): string {
  const html = marked.parse(text, { async: false, gfm: true, breaks: false });
  return DOMPurify.sanitize(html, {
    FORBID_TAGS: [
      'style',
      'form',
      'input',
      'button',
      'iframe',
      'object',
      'embed',
      'textarea',
      'select',
    ],
    FORBID_ATTR: ['style'],
  });
}
