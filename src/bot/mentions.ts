import type { Entity } from 'botbuilder';
import { escapeText } from '../cards';
import type { AskedPerson } from '../domain/asked';
import type { Card } from './cardSet';

/**
 * The `<at>Name</at>` text of a mention exactly as the card shows it: the card's templating escapes every
 * name for markdown, and Teams only turns the text into a mention when the entity's `text` matches it.
 */
export function mentionText(person: AskedPerson): string {
  return `<at>${escapeText(person.name)}</at>`;
}

/**
 * The `msteams.entities` of a card that mentions these people (by Entra object id, which Teams accepts
 * as the mentioned id). A card with mentions notifies them only when it is posted, never when updated.
 */
export function mentionEntities(people: readonly AskedPerson[]): Entity[] {
  return people.map((person) => ({
    type: 'mention',
    text: mentionText(person),
    mentioned: { id: person.aadObjectId, name: person.name },
  }));
}

/** The card with its `msteams.entities` naming the people its text mentions. */
export function withMentions(card: Card, people: readonly AskedPerson[]): Card {
  if (people.length === 0) return card;
  const msteams = (card.msteams ?? {}) as Record<string, unknown>;
  return { ...card, msteams: { ...msteams, entities: mentionEntities(people) } };
}
