export type AppEnv = {
  /** Prefix for API calls; '' means same origin (the API serves this SPA). */
  readonly apiBaseUrl: string;
  readonly mode: string;
  readonly dev: boolean;
};

type RawEnv = {
  readonly VITE_API_BASE_URL?: string;
  readonly MODE: string;
  readonly DEV: boolean;
};

export class EnvError extends Error {
  override name = 'EnvError';
}

/** Validate the build-time environment; throws EnvError with the offending variable. */
export function parseEnv(raw: RawEnv): AppEnv {
  const apiBaseUrl = (raw.VITE_API_BASE_URL ?? '').trim();
  if (apiBaseUrl !== '') {
    if (!/^(https?:\/\/[^\s/]+|\/[^\s]*)/.test(apiBaseUrl)) {
      throw new EnvError(
        `VITE_API_BASE_URL must be empty, an absolute http(s) URL or a path; got "${apiBaseUrl}"`,
      );
    }
    if (apiBaseUrl.endsWith('/')) {
      throw new EnvError(`VITE_API_BASE_URL must not end with "/"; got "${apiBaseUrl}"`);
    }
  }
  return { apiBaseUrl, mode: raw.MODE, dev: raw.DEV };
}

export const env: AppEnv = parseEnv(import.meta.env);
