import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { ApprovalQueue } from '@/api/generated';
import { jsonResponse, mockFetch, requestsOf } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';

import { sampleDocument, sampleSop } from '../editor/sample-document';
import { PendingApprovals } from './pending-approvals';

const versions = sampleSop([
  { id: 'v1', number: 1, status: 'published' },
  { id: 'v2', number: 2, status: 'submitted' },
]).versions;
function versionAt(index: number): (typeof versions)[number] {
  const version = versions[index];
  if (!version) throw new Error('sampleSop gives both versions');
  return version;
}
const published = versionAt(0);
const submitted = versionAt(1);

function queue(change: Partial<ApprovalQueue> = {}): ApprovalQueue {
  return {
    required: true,
    can_approve: true,
    items: [
      {
        sop_id: 'sop-1',
        key: '004-11',
        title: 'Kenaikan Gaji Berkala',
        unit_code: 'sub-bagian-umum',
        version: { ...submitted, submitted_at: '2026-11-24T02:00:00Z' },
        published,
        submitted_by_name: 'Noor Aisyah',
      },
    ],
    ...change,
  };
}

describe('PendingApprovals', () => {
  it('lists what waits, compares it with the version in force, and approves', async () => {
    let waiting = queue();
    const fetchMock = mockFetch((request) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/api/catalogue/approvals') return jsonResponse(waiting);
      if (pathname === '/api/catalogue/versions/v2/approve') {
        waiting = queue({ items: [] });
        return jsonResponse({ ...submitted, status: 'published', document: sampleDocument() });
      }
      if (pathname === '/api/catalogue/diff') {
        return jsonResponse([{ path: 'title', before: 'Lama', after: 'Kenaikan Gaji Berkala' }]);
      }
      return jsonResponse({ detail: 'Not Found' }, 404);
    });
    renderWithProviders(<PendingApprovals />);

    const item = (await screen.findByRole('link', { name: /004-11/ })).closest('li');
    expect(item).not.toBeNull();
    const row = within(item as HTMLElement);
    expect(row.getByText(/Versi 2 · diajukan .* oleh Noor Aisyah/)).toBeInTheDocument();
    fireEvent.click(row.getByRole('button', { name: 'Bandingkan versi' }));
    expect(await row.findByText('1 perbedaan')).toBeInTheDocument();
    const diff = requestsOf(fetchMock).find((r) => r.url.includes('/api/catalogue/diff'));
    expect(new URL(diff?.url ?? '').search).toBe('?from=v1&to=v2');

    fireEvent.click(row.getByRole('button', { name: 'Setujui' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'SOP 004-11 disahkan dan kini berlaku.',
    );
    expect(await screen.findByText('Tidak ada SOP yang menunggu pengesahan')).toBeInTheDocument();
  });

  it('sends a version back only with a note', async () => {
    const fetchMock = mockFetch((request) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/api/catalogue/approvals') return jsonResponse(queue());
      if (pathname === '/api/catalogue/versions/v2/return') {
        return jsonResponse({ ...submitted, status: 'draft', return_note: 'Perbaiki waktu' });
      }
      return jsonResponse({ detail: 'Not Found' }, 404);
    });
    renderWithProviders(<PendingApprovals />);
    fireEvent.click(await screen.findByRole('button', { name: 'Kembalikan' }));
    fireEvent.click(screen.getByRole('button', { name: 'Kirim kembali' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Tulis alasan pengembalian.');
    expect(requestsOf(fetchMock).some((r) => r.url.endsWith('/return'))).toBe(false);

    fireEvent.change(screen.getByLabelText('Catatan untuk admin (wajib)'), {
      target: { value: 'Perbaiki waktu langkah 3' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Kirim kembali' }));
    await waitFor(() => {
      expect(requestsOf(fetchMock).some((r) => r.url.endsWith('/return'))).toBe(true);
    });
    const sent = requestsOf(fetchMock).find((r) => r.url.endsWith('/return'));
    expect(await sent?.json()).toEqual({ note: 'Perbaiki waktu langkah 3' });
    expect(await screen.findByRole('status')).toHaveTextContent(
      'SOP 004-11 dikembalikan ke admin instansi.',
    );
  });

  it('shows nothing to someone who may not approve', async () => {
    const fetchMock = mockFetch(() => jsonResponse(queue({ can_approve: false, items: [] })));
    const { container } = renderWithProviders(<PendingApprovals />);
    await waitFor(() => {
      expect(fetchMock).toHaveBeenCalled();
    });
    expect(container).toBeEmptyDOMElement();
  });
});
