import type { MailContent } from './content';
import { escapeHtml } from '../web/html';

/* The mail bodies of a notice: the same content as text and as HTML, every value escaped for HTML. */

/** Line breaks typed by users become <br>; everything else is text. */
function htmlText(text: string): string {
  return escapeHtml(text).replace(/\r\n?|\n/g, '<br>');
}

/** Only web links become anchors; anything else (javascript:, data:) is shown as text. */
function isWebLink(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

export function renderText(content: MailContent, footer: string): string {
  const lines: string[] = [];
  for (const warning of content.warnings) lines.push(`! ${warning}`, '');
  lines.push(content.heading, '='.repeat(Math.min(content.heading.length, 72)), '');
  for (const paragraph of content.paragraphs) lines.push(paragraph, '');
  for (const [label, value] of content.facts) {
    const [first = '', ...rest] = value.split(/\r\n?|\n/);
    lines.push(`${label}${content.colon ?? ':'} ${first}`, ...rest.map((line) => `    ${line}`));
  }
  if (content.facts.length > 0) lines.push('');
  if (content.list) {
    lines.push(
      `${content.list.title}${content.colon ?? ':'}`,
      ...content.list.items.map((item) => `- ${item}`),
      '',
    );
  }
  for (const link of content.links) lines.push(`${link.label}${content.colon ?? ':'} ${link.url}`);
  if (content.links.length > 0) lines.push('');
  lines.push('-- ', footer);
  return lines.join('\n') + '\n';
}

export function renderHtml(content: MailContent, footer: string, title: string): string {
  const parts: string[] = [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title></head>`,
    '<body style="font-family:\'Segoe UI\',Arial,sans-serif;font-size:14px;color:#242424">',
  ];
  for (const warning of content.warnings) {
    parts.push(`<p style="color:#a4262c"><strong>${htmlText(warning)}</strong></p>`);
  }
  parts.push(`<h2 style="font-size:20px">${htmlText(content.heading)}</h2>`);
  for (const paragraph of content.paragraphs) parts.push(`<p>${htmlText(paragraph)}</p>`);
  if (content.facts.length > 0) {
    parts.push('<table style="border-collapse:collapse">');
    for (const [label, value] of content.facts) {
      parts.push(
        `<tr><th style="text-align:left;vertical-align:top;padding:2px 12px 2px 0">${htmlText(label)}</th>` +
          `<td style="padding:2px 0">${htmlText(value)}</td></tr>`,
      );
    }
    parts.push('</table>');
  }
  if (content.list) {
    parts.push(`<h3 style="font-size:16px">${htmlText(content.list.title)}</h3><ul>`);
    for (const item of content.list.items) parts.push(`<li>${htmlText(item)}</li>`);
    parts.push('</ul>');
  }
  for (const link of content.links) {
    parts.push(
      isWebLink(link.url)
        ? `<p><a href="${escapeHtml(link.url)}">${htmlText(link.label)}</a></p>`
        : `<p>${htmlText(link.label)}: ${htmlText(link.url)}</p>`,
    );
  }
  parts.push(`<p style="color:#616161;font-size:12px">${htmlText(footer)}</p>`, '</body></html>');
  return parts.join('\n') + '\n';
}
