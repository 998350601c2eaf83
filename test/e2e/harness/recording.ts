import { promises as fs } from 'node:fs';
import { cardSummary, type CardJson } from './cards';

interface RecordedEvent {
  timestamp?: number;
  conversationId?: string;
  direction?: string;
  activityName?: string;
  request?: { body?: Record<string, unknown> };
  response?: { statusCode?: number; body?: unknown };
}

/** The Playground writes its events recording as pretty-printed JSON objects separated by `---` lines. */
export function parseRecording(text: string): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  let current: string[] = [];
  for (const line of text.split('\n')) {
    if (current.length === 0 && line !== '{') continue;
    current.push(line);
    if (line === '}') {
      try {
        events.push(JSON.parse(current.join('\n')) as RecordedEvent);
      } catch {
        // A torn last entry (the Playground was stopped mid-write) is left out.
      }
      current = [];
    }
  }
  return events.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
}

function summarize(body: Record<string, unknown> | undefined): string {
  if (!body) return '';
  const activity = (body.activity as Record<string, unknown> | undefined) ?? body;
  const attachments = Array.isArray(activity.attachments) ? activity.attachments : [];
  const card = (attachments[0] as { content?: CardJson } | undefined)?.content;
  const value = activity.value as { action?: { verb?: string; data?: unknown } } | undefined;
  const from = (activity.from as { name?: string } | undefined)?.name;
  const parts = [
    from ? `from ${from}` : '',
    typeof activity.text === 'string' ? JSON.stringify(activity.text) : '',
    value?.action ? `verb ${value.action.verb} ${JSON.stringify(value.action.data)}` : '',
    card ? `[card] ${cardSummary(card, 120)}` : '',
  ];
  return parts.filter(Boolean).join(' ');
}

/** One line per recorded event: time, direction, activity, conversation, content, answer. */
export async function readableRecording(
  file: string,
  filter: (line: string) => boolean = () => true,
): Promise<string> {
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  if (!text) return `(no events recording at ${file})`;
  return parseRecording(text)
    .map((event) => {
      const at = event.timestamp ? new Date(event.timestamp).toISOString().slice(11, 23) : '?';
      const answer = event.response?.body;
      const answerText =
        answer && typeof answer === 'object' && 'value' in answer && typeof answer.value === 'object'
          ? `[card] ${cardSummary(answer.value as CardJson, 100)}`
          : JSON.stringify(answer ?? '').slice(0, 120);
      return `${at} ${event.direction ?? ''} ${event.activityName ?? ''} in ${event.conversationId ?? '?'}: ${summarize(event.request?.body)} ⇒ ${event.response?.statusCode ?? ''} ${answerText}`;
    })
    .filter(filter)
    .join('\n');
}
