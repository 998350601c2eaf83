/**
 * The look of the public pages (/status, and /stats on top of it): light or dark as the browser prefers, readable
 * on a phone. It lives below both pages so that neither imports the other.
 */
export const PAGE_STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1b1f; --muted: #4a4a55; --card: #f4f5f7;
  --border: #c9ccd3; --ok: #11632f; --ok-bg: #dff3e6; --warn: #7a4a00; --warn-bg: #fff0d1;
  --bad: #9b1c1c; --bad-bg: #fde2e2; --link: #0b57b5; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #15161a; --fg: #ececf1; --muted: #b9bcc6; --card: #22242b; --border: #3c3f49;
    --ok: #8fe3ad; --ok-bg: #173a25; --warn: #ffd27a; --warn-bg: #3d2e0e; --bad: #ffb3b3; --bad-bg: #4a1c1c;
    --link: #9cc3ff; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); line-height: 1.5;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 46rem; margin: 0 auto; padding: 1rem; }
nav.languages ul { max-width: 46rem; margin: 0 auto; padding: 0.5rem 1rem 0; list-style: none; display: flex;
  gap: 1rem; justify-content: flex-end; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
h2 { font-size: 1.3rem; margin: 1.5rem 0 0.5rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 0.4rem; }
p { margin: 0.3rem 0; }
a { color: var(--link); }
.muted { color: var(--muted); }
section.service { border: 1px solid var(--border); border-radius: 0.6rem; padding: 0.8rem 1rem; margin: 1rem 0;
  background: var(--card); }
.badge { display: inline-block; padding: 0.1rem 0.6rem; border-radius: 1rem; font-weight: 600;
  font-size: 0.95rem; }
.operational { color: var(--ok); background: var(--ok-bg); }
.maintenance { color: var(--warn); background: var(--warn-bg); }
.incident { color: var(--bad); background: var(--bad-bg); }
ul.windows { list-style: none; padding: 0; margin: 0; }
ul.windows > li { border-top: 1px solid var(--border); padding: 0.5rem 0; }
ul.windows > li:first-child { border-top: none; }
.title { font-weight: 600; overflow-wrap: anywhere; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.8rem; margin: 0.3rem 0; }
dt { color: var(--muted); }
dd { margin: 0; }
ol.events { margin: 0.3rem 0 0; padding-left: 1.2rem; color: var(--muted); font-size: 0.95rem; }
footer { margin-top: 2rem; font-size: 0.95rem; }
`;
