import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';

import { I18nProvider } from '@/lib/i18n';
import type { Language } from '@/lib/i18n';

export function createTestQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity } },
  });
}

/** Render one page with the app's providers, no retries, at `route`. */
export function renderWithProviders(
  ui: ReactElement,
  { route = '/', language = 'id' }: { route?: string; language?: Language } = {},
) {
  const queryClient = createTestQueryClient();
  return {
    queryClient,
    ...render(
      <I18nProvider initialLanguage={language}>
        <QueryClientProvider client={queryClient}>
          <MemoryRouter initialEntries={[route]}>{ui}</MemoryRouter>
        </QueryClientProvider>
      </I18nProvider>,
    ),
  };
}
