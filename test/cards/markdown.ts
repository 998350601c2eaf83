import MarkdownIt from 'markdown-it';

/** A CommonMark renderer like the one Teams applies to TextBlocks (no raw HTML, no bare-URL links). */
const markdown = new MarkdownIt({ html: false, linkify: false });

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/** The HTML markdown makes of `text`, and what a reader sees of it (paragraphs as lines, no invisible characters). */
export function renderMarkdown(text: string): { html: string; seen: string; tags: string[] } {
  const html = markdown.render(text);
  const tags = [...html.matchAll(/<\/?([a-z0-9]+)/g)].map((m) => m[1] ?? '');
  const seen = html
    .replace(/<\/p>\s*<p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity)
    .replace(/\u2060/g, '')
    .trim();
  return { html, seen, tags };
}
