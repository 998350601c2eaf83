import { escapeHtml } from '../web/html';
import type { DirectMail } from '../app/ports';
import { PAGE_STYLE } from '../web/pageStyle';

/** The languages a subscriber may choose until the process file names its public languages (issue 26). */
export const SUBSCRIPTION_LANGUAGES: readonly { code: string; name: string }[] = [
  { code: 'en', name: 'English' },
  { code: 'fr', name: 'Français' },
  { code: 'de', name: 'Deutsch' },
];

/** The subscription form on /status: a plain HTML form (POST, urlencoded), no JavaScript. */
export function subscribeFormHtml(services: readonly string[]): string {
  const boxes = services
    .map(
      (name) =>
        `<label><input type="checkbox" name="service" value="${escapeHtml(name)}"> ${escapeHtml(name)}</label>`,
    )
    .join('<br>\n');
  const languages = SUBSCRIPTION_LANGUAGES.map(
    (language) => `<option value="${language.code}">${escapeHtml(language.name)}</option>`,
  ).join('');
  return `<section aria-labelledby="subscribe-by-mail">
<h2 id="subscribe-by-mail">Notices by e-mail</h2>
<form method="post" action="/status/subscribe">
<p><label for="subscribe-email">E-mail address</label><br>
<input id="subscribe-email" type="email" name="email" required maxlength="254" autocomplete="email"></p>
<fieldset><legend>Services (none ticked: all of them)</legend>
${boxes}
</fieldset>
<p><label for="subscribe-language">Language</label>
<select id="subscribe-language" name="language">${languages}</select></p>
<p><button type="submit">Subscribe</button></p>
<p class="muted">You will get a mail with a link to confirm; nothing is sent or kept before you confirm. Every mail has a one-click unsubscribe link.</p>
</form>
</section>`;
}

/** A small page of its own: an answer to a form, or a button to press. */
export function messagePage(
  title: string,
  paragraphs: readonly string[],
  form?: { action: string; fields: Record<string, string>; button: string },
): string {
  const hidden = form
    ? Object.entries(form.fields)
        .map(
          ([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
        )
        .join('')
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`).join('\n')}
${form ? `<form method="post" action="${escapeHtml(form.action)}">${hidden}<button type="submit">${escapeHtml(form.button)}</button></form>` : ''}
<p><a href="/status">Back to the status page</a></p>
</main>
</body>
</html>
`;
}

/** The confirmation mail: the link only; no List-Unsubscribe, as nobody is subscribed yet. */
export function confirmationMail(address: string, link: string, baseUrl: string, now: Date): DirectMail {
  return {
    id: `subscribe.${now.getTime()}.${Math.random().toString(36).slice(2, 10)}`,
    to: [address],
    subject: 'Confirm your subscription to maintenance notices',
    text: [
      `Someone, probably you, asked on ${baseUrl}/status to receive maintenance notices at this address.`,
      '',
      `To confirm, open this link within 48 hours and press "Confirm": ${link}`,
      '',
      'If it was not you, ignore this mail: nothing was stored, and nothing more will be sent.',
    ].join('\n'),
  };
}
