import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import type { ApprovalQueue } from '@/api/generated';
import { jsonResponse, mockFetch, requestsOf } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';

import { sampleSop } from '../editor/sample-document';
import { ApprovalStatus } from './approval-status';
import { SubmitForApproval } from './submit-for-approval';

const QUEUE = (required: boolean): ApprovalQueue => ({ required, can_approve: false, items: [] });

describe('ApprovalStatus', () => {
  it('shows a version waiting for pengesahan', async () => {
    mockFetch(() => jsonResponse(QUEUE(true)));
    const sop = sampleSop([
      { id: 'v1', number: 1, status: 'published' },
      { id: 'v2', number: 2, status: 'submitted' },
    ]);
    renderWithProviders(<ApprovalStatus sop={sop} />);
    expect(await screen.findByText('Menunggu pengesahan')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(/Versi 2 diajukan/);
  });

  it("shows the head's note on a draft that was sent back", async () => {
    mockFetch(() => jsonResponse(QUEUE(true)));
    const sop = sampleSop([{ id: 'v1', number: 1, status: 'draft' }]);
    const draft = sop.versions[0];
    if (draft) draft.return_note = 'Dasar hukum belum lengkap.';
    renderWithProviders(<ApprovalStatus sop={sop} />);
    expect(await screen.findByText('Dasar hukum belum lengkap.')).toBeInTheDocument();
    expect(screen.getByText(/dikembalikan oleh Kepala Dinas/)).toBeInTheDocument();
  });
});

describe('SubmitForApproval', () => {
  const [version] = sampleSop([{ id: 'v1', number: 1, status: 'draft' }]).versions;
  if (!version) throw new Error('sample SOP without a version');

  it('saves first, then submits the draft', async () => {
    const fetchMock = mockFetch((request) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/api/catalogue/approvals') return jsonResponse(QUEUE(true));
      return jsonResponse({ ...version, status: 'submitted' });
    });
    const order: string[] = [];
    const saveFirst = vi.fn(() => {
      order.push('save');
      return Promise.resolve();
    });
    const onDone = vi.fn();
    renderWithProviders(
      <SubmitForApproval
        sopId="sop-1"
        version={version}
        disabled={false}
        saveFirst={saveFirst}
        onDone={onDone}
        onError={vi.fn()}
      />,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Ajukan pengesahan' }));
    await waitFor(() => {
      expect(onDone).toHaveBeenCalledWith('Diajukan; menunggu pengesahan Kepala Dinas.');
    });
    expect(order).toEqual(['save']);
    const posted = requestsOf(fetchMock).find((r) => r.method === 'POST');
    expect(new URL(posted?.url ?? '').pathname).toBe('/api/catalogue/versions/v1/submit');
  });

  it('is absent where the office publishes directly', async () => {
    mockFetch((request) =>
      new URL(request.url).pathname === '/api/catalogue/approvals'
        ? jsonResponse(QUEUE(false))
        : jsonResponse({ detail: 'Not Found' }, 404),
    );
    const { container } = renderWithProviders(
      <SubmitForApproval
        sopId="sop-1"
        version={version}
        disabled={false}
        saveFirst={() => Promise.resolve()}
        onDone={vi.fn()}
        onError={vi.fn()}
      />,
    );
    await waitFor(() => {
      expect(container).toBeEmptyDOMElement();
    });
  });
});
