// The id's pattern is the domain's (src/domain/changeId.ts): the bot checks ids with the same bound before
// they reach the store, and the store checks again before any file or blob name is made from one.
export { formatChangeId, parseChangeId } from '../domain/changeId';
