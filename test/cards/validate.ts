import { createRequire } from 'node:module';

// The package's ESM entry breaks in Node; its UMD bundle works (see TOOLING.md).
const requireUmd = createRequire(__filename);
const AC = requireUmd('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

/** Why the adaptivecards library would not accept this card at version 1.4 (empty when it is fine). */
export function cardProblems(json: unknown): string[] {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_4);
  card.parse(json, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of card.validateProperties().validationEvents) problems.push(`validate: ${event.message}`);
  return problems;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every object in the card, depth first (elements, actions, inline cards, facts). */
export function objectsOf(json: unknown): Record<string, Json>[] {
  const found: Record<string, Json>[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') {
      found.push(value as Record<string, Json>);
      Object.values(value).forEach(walk);
    }
  };
  walk(json);
  return found;
}

export function ofType(json: unknown, type: string): Record<string, Json>[] {
  return objectsOf(json).filter((o) => o.type === type);
}

/** Verbs of the Action.Execute buttons, in card order. */
export function verbsOf(json: unknown): string[] {
  return ofType(json, 'Action.Execute').map((a) => String(a.verb));
}

/** The markdown texts a reader sees, in card order: TextBlocks, facts ("title: value"), toggle titles. */
export function visibleTexts(json: unknown): string[] {
  return objectsOf(json).flatMap((o) => {
    if (o.type === 'TextBlock') return [String(o.text)];
    if (o.type === 'Input.Toggle') return [String(o.title)];
    if (o.type === undefined && 'title' in o && 'value' in o)
      return [`${String(o.title)}: ${String(o.value)}`];
    return [];
  });
}

interface ParsedAction {
  verb?: string;
  card?: ParsedContainer;
  getReferencedInputs(): Record<string, unknown> | undefined;
}
interface ParsedContainer {
  getActionCount?(): number;
  getActionAt?(index: number): ParsedAction;
  getItemCount?(): number;
  getItemAt?(index: number): ParsedContainer;
}

/** For each button (by verb), the input ids Teams sends with its press, as the adaptivecards library gathers them. */
export function inputsSentBy(json: unknown): Record<string, string[]> {
  const card = new AC.AdaptiveCard();
  card.parse(json, new AC.SerializationContext(AC.Versions.v1_4));
  const sent: Record<string, string[]> = {};
  const walk = (container: ParsedContainer): void => {
    for (let i = 0; i < (container.getActionCount?.() ?? 0); i++) {
      const action = container.getActionAt?.(i);
      if (!action) continue;
      if (action.verb) sent[action.verb] = Object.keys(action.getReferencedInputs() ?? {}).sort();
      if (action.card) walk(action.card);
    }
    for (let i = 0; i < (container.getItemCount?.() ?? 0); i++) {
      const item = container.getItemAt?.(i);
      if (item) walk(item);
    }
  };
  walk(card as unknown as ParsedContainer);
  return sent;
}
