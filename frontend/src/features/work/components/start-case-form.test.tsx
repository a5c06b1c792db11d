import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { jsonResponse, mockApi, requestsOf } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';

import { StartCaseForm } from './start-case-form';

const NONE = { total: 0, limit: 200, offset: 0, items: [] };
const ONE = {
  total: 1, limit: 200, offset: 0,
  items: [{
    id: 'sop-1', key: '003-02', title: 'Pengelolaan surat keluar', unit_code: 'sub-bagian-umum',
    latest_version: 1, latest_status: 'published', published_version: 1, content: 'complete',
    warnings: 0, steps: 6,
  }],
};

describe('StartCaseForm', () => {
  it('is disabled with the reason and the tenant admins to ask when nothing is published', async () => {
    mockApi({
      '/api/catalogue/sops': () => jsonResponse(NONE),
      '/api/org/admins': () =>
        jsonResponse([
          { name: 'Rina Marlina', position: 'Kepala Subbagian Umum' },
          { name: 'Agus Salim', position: null },
        ]),
    });
    renderWithProviders(<StartCaseForm />);

    const reason = await screen.findByText(
      'Belum ada SOP yang berlaku di kantor ini. SOP diterbitkan oleh admin instansi: ' +
        'Rina Marlina (Kepala Subbagian Umum), Agus Salim',
    );
    const submit = screen.getByRole('button', { name: 'Mulai kasus' });
    expect(submit).toBeDisabled();
    expect(submit).toHaveAccessibleDescription(reason.textContent);
    for (const label of ['SOP', 'Perihal', 'Nomor surat / pemohon (opsional)']) {
      const field = screen.getByLabelText(label);
      expect(field).toBeDisabled();
      expect(field).toHaveAttribute('aria-describedby', reason.id);
    }
  });

  it('says so when no tenant admin is recorded either', async () => {
    mockApi({
      '/api/catalogue/sops': () => jsonResponse(NONE),
      '/api/org/admins': () => jsonResponse([]),
    });
    renderWithProviders(<StartCaseForm />);
    expect(
      await screen.findByText(/belum ada admin instansi yang tercatat/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Mulai kasus' })).toBeDisabled();
  });

  it('is active, without asking for the admins, once an SOP is published', async () => {
    const fetchMock = mockApi({
      '/api/catalogue/sops': () => jsonResponse(ONE),
      '/api/org/admins': () => jsonResponse([]),
    });
    renderWithProviders(<StartCaseForm />);
    expect(await screen.findByRole('option', { name: '003-02 — Pengelolaan surat keluar' }))
      .toBeInTheDocument();
    const submit = screen.getByRole('button', { name: 'Mulai kasus' });
    expect(submit).toBeEnabled();
    expect(submit).not.toHaveAttribute('aria-describedby');
    expect(screen.getByLabelText('SOP')).toBeEnabled();
    expect(screen.queryByText(/admin instansi/)).toBeNull();
    const paths = requestsOf(fetchMock).map((r) => new URL(r.url).pathname);
    expect(paths).not.toContain('/api/org/admins');
  });
});
