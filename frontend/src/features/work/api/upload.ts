import type { DocumentOut } from '@/api/generated';
import { env } from '@/config/env';
import { ApiError, CSRF_COOKIE, CSRF_HEADER, readCookie } from '@/lib/api-client';

/** Upload one file as the raw request body, reporting progress (fetch cannot report it). */
export function uploadDocument(
  caseId: string,
  file: File,
  taskId: string | null,
  onProgress: (percent: number) => void,
): Promise<DocumentOut> {
  const params = new URLSearchParams({ name: file.name });
  if (taskId) params.set('task_id', taskId);
  const url = `${env.apiBaseUrl}/api/cases/${caseId}/documents?${params.toString()}`;
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) xhr.setRequestHeader(CSRF_HEADER, csrf);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((100 * event.loaded) / event.total));
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = xhr.responseText;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as DocumentOut);
      else reject(new ApiError(xhr.status, body));
    };
    xhr.onerror = () => { reject(new ApiError(undefined, null)); };
    xhr.send(file);
  });
}
