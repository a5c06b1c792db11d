import { describe, expect, it } from 'vitest';

import { translate } from './i18n';
import { en, id } from './messages';

describe('translate', () => {
  it('fills placeholders', () => {
    expect(translate('id', 'session.welcome', { name: 'Siti' })).toBe('Selamat datang, Siti');
    expect(translate('en', 'session.welcome', { name: 'Siti' })).toBe('Welcome, Siti');
  });

  it('has an English text for every Indonesian key, with the same placeholders', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    for (const key of Object.keys(id) as (keyof typeof id)[]) {
      expect(en[key], key).toBeTruthy();
      expect(placeholders(en[key]), key).toEqual(placeholders(id[key]));
    }
  });
});
