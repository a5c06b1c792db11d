import { QueryClientProvider } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ReactNode } from 'react';

import { I18nProvider } from '@/lib/i18n';
import type { Language } from '@/lib/i18n';
import { createQueryClient } from '@/lib/query-client';

export function AppProvider({
  children,
  queryClient,
  initialLanguage,
}: {
  children: ReactNode;
  queryClient?: QueryClient;
  initialLanguage?: Language;
}) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <I18nProvider {...(initialLanguage ? { initialLanguage } : {})}>
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </I18nProvider>
  );
}
