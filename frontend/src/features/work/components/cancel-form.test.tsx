import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { jsonResponse, mockFetch, requestsOf } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';

import { CancelForm } from './cancel-form';

const CASE = '22222222-2222-2222-2222-222222222222';

describe('CancelForm', () => {
  it('needs a reason and a second yes before it calls the API', async () => {
    const fetchMock = mockFetch(() => jsonResponse({ id: CASE, status: 'cancelled' }));
    renderWithProviders(<CancelForm caseId={CASE} number="KALTIM-2026-000001" />);
    await userEvent.click(screen.getByText('Batalkan kasus', { selector: 'summary' }));
    await userEvent.click(screen.getByRole('button', { name: 'Batalkan kasus' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Alasan minimal 3 huruf');
    expect(screen.getByLabelText('Alasan pembatalan')).toHaveAttribute('aria-invalid', 'true');

    await userEvent.type(screen.getByLabelText('Alasan pembatalan'), 'Ditarik pemohon');
    await userEvent.click(screen.getByRole('button', { name: 'Batalkan kasus' }));
    expect(screen.getByRole('alertdialog')).toHaveTextContent('KALTIM-2026-000001');
    expect(screen.getByRole('button', { name: 'Tidak jadi' })).toHaveFocus();
    expect(fetchMock).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('button', { name: 'Tidak jadi' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(fetchMock).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('button', { name: 'Batalkan kasus' }));
    await userEvent.click(screen.getByRole('button', { name: 'Ya, batalkan' }));
    const [sent] = requestsOf(fetchMock);
    expect(sent?.url).toContain(`/api/cases/${CASE}/cancel`);
    expect(await sent?.json()).toEqual({ reason: 'Ditarik pemohon' });
  });

  it('shows the refusal when the API says no, and keeps the reason', async () => {
    mockFetch(() => jsonResponse({ detail: 'hanya pemulai kasus atau atasan' }, 403));
    renderWithProviders(<CancelForm caseId={CASE} number="KALTIM-2026-000001" />);
    await userEvent.click(screen.getByText('Batalkan kasus', { selector: 'summary' }));
    await userEvent.type(screen.getByLabelText('Alasan pembatalan'), 'Salah SOP');
    await userEvent.click(screen.getByRole('button', { name: 'Batalkan kasus' }));
    await userEvent.click(screen.getByRole('button', { name: 'Ya, batalkan' }));
    expect(await screen.findByText(/hanya pemulai kasus atau atasan/)).toBeInTheDocument();
    expect(screen.getByLabelText('Alasan pembatalan')).toHaveValue('Salah SOP');
  });
});
