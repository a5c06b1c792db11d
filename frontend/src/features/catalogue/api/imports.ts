import { queryOptions } from '@tanstack/react-query';

import { importBook, importDocument, listSops } from '@/api/generated';
import type { BookImportResult, SopSummary, VersionOut } from '@/api/generated';
import { unwrap } from '@/lib/api-client';

/** What POST /api/catalogue/import-book accepts (editing.MAX_BOOK_BYTES). */
export const MAX_BOOK_BYTES = 5 * 1024 * 1024;

/** An SOP book, as text, becomes drafts of the SOPs the catalogue does not have yet. The API
 * takes the book's bytes as the request body (the OpenAPI document does not describe it, so
 * the generated client's types say "no body"); the book's name gives the SOP keys' prefix. */
export async function uploadBook(file: File): Promise<BookImportResult> {
  return unwrap(
    await importBook({
      query: { name: file.name },
      body: (await file.arrayBuffer()) as never,
      bodySerializer: null,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    }),
  );
}

/** One exported SOP document (YAML or JSON) becomes a new draft of the SOP it names. */
export async function uploadDocument(file: File): Promise<VersionOut> {
  const json = file.name.toLowerCase().endsWith('.json');
  return unwrap(
    await importDocument({
      body: (await file.arrayBuffer()) as never,
      bodySerializer: null,
      headers: { 'Content-Type': json ? 'application/json' : 'application/yaml' },
    }),
  );
}

const PAGE = 200;

/** Every SOP of the office by key (the import names SOPs by key; links need their id). */
export async function fetchSopIndex(signal?: AbortSignal): Promise<Map<string, SopSummary>> {
  const index = new Map<string, SopSummary>();
  for (let offset = 0, total = 1; offset < total && offset < 20 * PAGE; offset += PAGE) {
    const page = unwrap(await listSops({ signal, query: { limit: PAGE, offset } }));
    for (const item of page.items) index.set(item.key, item);
    total = page.total;
  }
  return index;
}

export const sopIndexQueryOptions = () =>
  queryOptions({
    queryKey: ['catalogue', 'sops', 'index'] as const,
    queryFn: ({ signal }) => fetchSopIndex(signal),
  });
