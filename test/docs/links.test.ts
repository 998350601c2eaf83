/**
 * Every relative link, picture and anchor in README.md and docs/ leads somewhere: the README was split into
 * docs/ by reader, and a moved section must not leave a dead "see …" behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import MarkdownIt from 'markdown-it';

const ROOT = path.join(__dirname, '..', '..');
const md = new MarkdownIt({ html: true });
type Token = ReturnType<typeof md.parse>[number];

function markdownFiles(): string[] {
  const found = ['README.md'];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (entry.name.endsWith('.md')) found.push(relative);
    }
  };
  walk('docs');
  return found;
}

function plainText(tokens: Token[]): string {
  return tokens
    .map((token) =>
      token.children
        ? plainText(token.children)
        : token.type === 'text' || token.type === 'code_inline'
          ? token.content
          : '',
    )
    .join('');
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function githubSlugs(markdown: string): Set<string> {
  const tokens = md.parse(markdown, {});
  const slugs = new Set<string>();
  const seen = new Map<string, number>();
  tokens.forEach((token, index) => {
    if (token.type !== 'heading_open') return;
    const base = plainText([tokens[index + 1]!])
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    slugs.add(count === 0 ? base : `${base}-${count}`);
  });
  return slugs;
}

function targets(markdown: string): string[] {
  const found: string[] = [];
  const visit = (tokens: Token[]) => {
    for (const token of tokens) {
      if (token.type === 'link_open') found.push(String(token.attrGet('href') ?? ''));
      if (token.type === 'image') found.push(String(token.attrGet('src') ?? ''));
      if (token.type === 'html_block' || token.type === 'html_inline')
        for (const match of token.content.matchAll(/\b(?:src|href)="([^"]+)"/g)) found.push(match[1]!);
      if (token.children) visit(token.children);
    }
  };
  visit(md.parse(markdown, {}));
  return found.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/**
 * Pictures that docs/cards/README.md (written by `npm run cards:render`) lists but that were never drawn and
 * committed: drawing them needs Chromium, which the machine of this change did not have. The test below
 * also fails once one of them exists, so that this list only shrinks.
 */
const NOT_YET_DRAWN = new Set(
  ['review', 'review-written', 'stats', 'personal'].flatMap((card) =>
    ['light', 'dark'].map((theme) => `docs/cards/${card}-${theme}.png`),
  ),
);

describe('links in README.md and docs/', () => {
  const files = markdownFiles();

  it('finds the split documentation', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'README.md',
        'docs/running.md',
        'docs/teams.md',
        'docs/security.md',
        'docs/maintaining.md',
      ]),
    );
  });

  it.each(files)('every relative link and anchor in %s resolves', (file) => {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const broken: string[] = [];
    for (const target of targets(text)) {
      const [where, anchor] = target.split('#') as [string, string | undefined];
      const resolved = where
        ? path.join(path.dirname(path.join(ROOT, file)), decodeURIComponent(where))
        : path.join(ROOT, file);
      const known = NOT_YET_DRAWN.has(path.relative(ROOT, resolved));
      if (fs.existsSync(resolved) === known) {
        broken.push(known ? `${target}: drawn now, remove it from NOT_YET_DRAWN` : `${target}: no such file`);
        continue;
      }
      if (known) continue;
      if (
        anchor !== undefined &&
        resolved.endsWith('.md') &&
        !githubSlugs(fs.readFileSync(resolved, 'utf8')).has(anchor)
      )
        broken.push(`${target}: no heading with that anchor`);
    }
    expect(broken).toEqual([]);
  });

  it('computes anchors as GitHub does', () => {
    const slugs = githubSlugs(
      '# What DATA_DIR needs\n## Quick start (a fresh machine, Node 24 LTS; Node 20 still works)\n## Settings: `deploy/.env`\n## Logs\n## Logs\n',
    );
    expect([...slugs]).toEqual([
      'what-data_dir-needs',
      'quick-start-a-fresh-machine-node-24-lts-node-20-still-works',
      'settings-deployenv',
      'logs',
      'logs-1',
    ]);
  });
});
