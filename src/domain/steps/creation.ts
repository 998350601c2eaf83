import type { BuiltInStep } from './builtIn';

/** The change request itself: the summary posted when it is created (the form's verb is the bot's). */
export const creationStep: BuiltInStep = {
  name: 'creation',
  verbs: [],
  notices: [{ kind: 'created', card: 'summary', label: 'New change request' }],
};
