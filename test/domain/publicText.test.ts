/** The public texts as typed (bounded, cleaned, offered languages only) and what each reader gets. */
import { publicTextIn, readPublicText } from '../../src/domain/publicText';

describe('readPublicText', () => {
  it('keeps the offered languages only, cleaned and trimmed, and nothing for empty inputs', () => {
    const read = readPublicText(
      {
        publicTitle_fr: '  Moodle\tindisponible\n ',
        publicSummary_fr: 'Ligne 1\r\nLigne 2\u0007',
        publicTitle_de: '   ',
        publicTitle_it: 'Ignorato',
      },
      ['fr', 'de'],
    );
    expect(read).toEqual({
      text: { fr: { title: 'Moodle indisponible', summary: 'Ligne 1\nLigne 2' } },
      errors: {},
    });
    expect(readPublicText({ publicTitle_fr: '' }, ['fr'])).toEqual({ errors: {} });
    expect(readPublicText({ publicTitle_fr: 'Titre' }, [])).toEqual({ errors: {} });
  });

  it('refuses a title over 120 or a summary over 1000 characters, against its input', () => {
    const read = readPublicText({ publicTitle_de: 'x'.repeat(121), publicSummary_de: 'y'.repeat(1001) }, [
      'de',
    ]);
    expect(read.text).toBeUndefined();
    expect(read.errors.publicTitle_de).toContain('at most 120');
    expect(read.errors.publicSummary_de).toContain('at most 1000');
  });
});

describe('publicTextIn', () => {
  const stored = { fr: { title: 'Titre', summary: 'Résumé' }, de: { title: 'Titel' } };
  it('own text, else the default language, else the technical title', () => {
    expect(publicTextIn(stored, 'Upgrade', 'fr', 'fr')).toEqual({ title: 'Titre', summary: 'Résumé' });
    expect(publicTextIn(stored, 'Upgrade', 'de', 'fr')).toEqual({ title: 'Titel', summary: 'Résumé' });
    expect(publicTextIn(stored, 'Upgrade', 'en', 'fr')).toEqual({ title: 'Titre', summary: 'Résumé' });
    expect(publicTextIn({ de: { title: 'Titel' } }, 'Upgrade', 'en', 'fr')).toEqual({ title: 'Upgrade' });
    expect(publicTextIn(undefined, 'Upgrade', 'fr', undefined)).toEqual({ title: 'Upgrade' });
  });
});
