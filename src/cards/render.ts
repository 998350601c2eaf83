import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Template } from 'adaptivecards-templating';
import { escapeInputValue, escapeText } from './escape';
import type { CardDataByKind, CardKind } from './kinds';

/** An Adaptive Card as sent to Teams. */
export interface AdaptiveCardJson {
  type: 'AdaptiveCard';
  version: string;
  body: unknown[];
  actions?: unknown[];
  [property: string]: unknown;
}

/** A template left a `${...}` unfilled: a field is missing from the card's data shape. */
export class CardTemplateError extends Error {
  constructor(
    readonly kind: string,
    detail: string,
  ) {
    super(`Card template cards/${kind}.json: ${detail}`);
    this.name = 'CardTemplateError';
  }
}

/** Works from the sources (src/cards) and from the build (dist/src/cards). */
function findCardsDir(): string {
  const candidates = [resolve(__dirname, '../../cards'), resolve(__dirname, '../../../cards')];
  const found = candidates.find((dir) => existsSync(join(dir, 'form.json')));
  if (!found) throw new Error(`The cards/ folder with the card templates was not found near ${__dirname}.`);
  return found;
}

const templates = new Map<CardKind, Template>();

function template(kind: CardKind): Template {
  let cached = templates.get(kind);
  if (!cached) {
    const json: unknown = JSON.parse(readFileSync(join(findCardsDir(), `${kind}.json`), 'utf8'));
    cached = new Template(json);
    templates.set(kind, cached);
  }
  return cached;
}

/**
 * Fields whose names end like this are not shown as card text: ids and revision numbers that buttons
 * carry, links for Action.OpenUrl, and values put back into inputs. They only lose the templating syntax.
 */
const RAW_FIELD = /(Id|Url|Value)$/;

/** The one place where untrusted text is escaped: every string of every card's data passes here. */
function escapeData(value: unknown, key: string): unknown {
  if (typeof value === 'string') return RAW_FIELD.test(key) ? escapeInputValue(value) : escapeText(value);
  if (Array.isArray(value)) return value.map((item) => escapeData(item, key));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeData(v, k)]));
  }
  return value;
}

const fileTemplates = new Map<string, Template>();

/**
 * Fills the template at `path` (a milestone's own card, named by the milestone registry) with `data`,
 * escaped like every card; throws CardTemplateError if any `${` is left.
 */
export function renderTemplateFile(path: string, data: Record<string, unknown>): AdaptiveCardJson {
  let cached = fileTemplates.get(path);
  if (!cached) {
    cached = new Template(JSON.parse(readFileSync(path, 'utf8')) as unknown);
    fileTemplates.set(path, cached);
  }
  const card: unknown = cached.expand({ $root: escapeData(data, '') });
  const leftover = /\$\{[^}]*\}?/.exec(JSON.stringify(card));
  if (leftover) throw new CardTemplateError(path, `"${leftover[0]}" was not filled`);
  return card as AdaptiveCardJson;
}

/** Fills `cards/<kind>.json` with `data`; throws CardTemplateError if any `${` is left in the card. */
export function renderCard<K extends CardKind>(kind: K, data: CardDataByKind[K]): AdaptiveCardJson {
  const card: unknown = template(kind).expand({ $root: escapeData(data, '') });
  const json = JSON.stringify(card);
  const leftover = /\$\{[^}]*\}?/.exec(json);
  if (leftover) throw new CardTemplateError(kind, `"${leftover[0]}" was not filled`);
  return card as AdaptiveCardJson;
}
