import { defineConfig } from '@hey-api/openapi-ts';

// `npm run gen:api` regenerates src/api/generated/ from openapi.json.
// The backend overwrites openapi.json with its real schema; the app depends
// only on the generated types and SDK functions, never on raw fetch calls.
export default defineConfig({
  input: './openapi.json',
  output: {
    path: './src/api/generated',
  },
  plugins: [
    // Base URL is set at runtime in src/lib/api-client.ts (same origin).
    { name: '@hey-api/client-fetch', baseUrl: false },
    '@hey-api/typescript',
    '@hey-api/sdk',
  ],
});
