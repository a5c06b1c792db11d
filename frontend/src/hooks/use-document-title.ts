import { useEffect } from 'react';

/** Set the tab title to "<title> · Alur" while the calling page is shown. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Alur` : 'Alur';
  }, [title]);
}
