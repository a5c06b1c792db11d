import { describe, expect, it } from 'vitest';

import { EnvError, parseEnv } from './env';

describe('parseEnv', () => {
  it('defaults the API base URL to same origin', () => {
    expect(parseEnv({ MODE: 'production', DEV: false }).apiBaseUrl).toBe('');
  });

  it('accepts an absolute URL or a path without a trailing slash', () => {
    const base = { MODE: 'development', DEV: true };
    expect(parseEnv({ ...base, VITE_API_BASE_URL: 'https://alur.example' }).apiBaseUrl).toBe(
      'https://alur.example',
    );
    expect(parseEnv({ ...base, VITE_API_BASE_URL: '/backend' }).apiBaseUrl).toBe('/backend');
  });

  it('rejects malformed values', () => {
    const base = { MODE: 'production', DEV: false };
    expect(() => parseEnv({ ...base, VITE_API_BASE_URL: 'alur.example' })).toThrow(EnvError);
    expect(() => parseEnv({ ...base, VITE_API_BASE_URL: 'https://alur.example/' })).toThrow(
      EnvError,
    );
  });
});
