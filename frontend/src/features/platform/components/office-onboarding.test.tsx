import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';

import type { OrgSkeletonOut } from '@/api/generated';
import { jsonResponse, mockFetch, requestsOf } from '@/testing/fetch-mock';
import { renderWithProviders } from '@/testing/render';

import { OfficeCreatePage, checkOffice } from './office-create';
import { OfficeSetupPage } from './office-setup';
import { keptSkeleton } from './org-skeleton-review';

const office = {
  slug: 'papua',
  name: 'Dinas Perindag Papua',
  short_name: 'Disperindag Papua',
  province: 'Papua',
  time_zone: 'Asia/Jayapura',
  locale: 'id',
  hosts: ['papua.alur.test'],
  office_hours: {},
  origin: 'platform',
  status: 'active',
  status_reason: '',
  pengesahan: false,
  idp_issuer: '',
  idp_client_id: '',
  idp_secret_stored: false,
  admins: [],
  units: 0,
  positions: 0,
  sops: 0,
  published_sops: 0,
};

describe('checkOffice', () => {
  it('names each field the API would refuse', () => {
    expect(
      checkOffice({ slug: 'Papua!', name: 'ab', short_name: 'Disperindag', province: 'Papua', hosts: 'bukan host' }),
    ).toEqual({ slug: 'offices.error.slug', name: 'offices.error.required', hosts: 'offices.error.host' });
    expect(
      checkOffice({ slug: 'papua', name: 'Dinas', short_name: 'Disp', province: 'Papua', hosts: 'a.go.id, b.go.id' }),
    ).toEqual({});
  });
});

describe('keptSkeleton', () => {
  const skeleton: OrgSkeletonOut = {
    units: [
      { code: 'dinas', name: 'Dinas', kind: 'dinas', parent: null, source: 'structure', note: '' },
      { code: 'bidang-a', name: 'Bidang A', kind: 'bidang', parent: 'dinas', source: 'b:1', note: '' },
      { code: 'seksi-a', name: 'Seksi A', kind: 'seksi', parent: 'bidang-a', source: 'b:2', note: '' },
    ],
    positions: [
      { code: 'kadis', title: 'Kepala Dinas', kind: 'kepala_dinas', unit: 'dinas', supervisor: null, source: '', note: '' },
      { code: 'kabid-a', title: 'Kepala Bidang A', kind: 'kabid', unit: 'bidang-a', supervisor: 'kadis', source: '', note: '' },
      { code: 'kasi-a', title: 'Kepala Seksi A', kind: 'kasi', unit: 'seksi-a', supervisor: 'kabid-a', source: '', note: '' },
    ],
    notes: [],
    drafts_read: 3,
    has_org: false,
  };

  it('drops a unit with the units under it and the positions in them', () => {
    const kept = keptSkeleton(skeleton, new Set(['u:bidang-a']));
    expect(kept.units.map((u) => u.code)).toEqual(['dinas']);
    expect(kept.positions.map((p) => p.code)).toEqual(['kadis']);
  });

  it('drops one position only', () => {
    const kept = keptSkeleton(skeleton, new Set(['p:kasi-a']));
    expect(kept.units).toHaveLength(3);
    expect(kept.positions.map((p) => p.code)).toEqual(['kadis', 'kabid-a']);
  });
});

describe('OfficeCreatePage', () => {
  it('shows the API’s refusal beside the field it names', async () => {
    mockFetch(() => jsonResponse({ status_code: 409, detail: "kode instansi 'papua' sudah dipakai", field: 'slug' }, 409));
    renderWithProviders(<OfficeCreatePage isPlatformAdmin />);
    await userEvent.type(screen.getByLabelText('Nama lengkap instansi'), office.name);
    await userEvent.type(screen.getByLabelText('Nama singkat'), office.short_name);
    await userEvent.type(screen.getByLabelText('Kode instansi'), 'papua');
    await userEvent.type(screen.getByLabelText('Provinsi'), 'Papua');
    await userEvent.click(screen.getByRole('button', { name: 'Buat instansi' }));
    expect(await screen.findByText("kode instansi 'papua' sudah dipakai")).toBeInTheDocument();
    expect(screen.getByLabelText('Kode instansi')).toHaveAttribute('aria-invalid', 'true');
  });

  it('checks before sending: nothing is sent while a field is wrong', async () => {
    const fetchMock = mockFetch(() => jsonResponse(office, 201));
    renderWithProviders(<OfficeCreatePage isPlatformAdmin />);
    await userEvent.type(screen.getByLabelText('Kode instansi'), '1x');
    await userEvent.click(screen.getByRole('button', { name: 'Buat instansi' }));
    expect(screen.getByText('Kode: 2-40 huruf kecil, angka atau tanda hubung, diawali huruf')).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('OfficeSetupPage', () => {
  it('connects the IdP with the secret, and never shows a secret back', async () => {
    const fetchMock = mockFetch((request) =>
      request.method === 'PUT'
        ? jsonResponse({ ...office, idp_issuer: 'http://idp/papua', idp_client_id: 'alur-papua', idp_secret_stored: true })
        : jsonResponse(office),
    );
    renderWithProviders(
      <Routes>
        <Route path="/platform/instansi/:slug" element={<OfficeSetupPage isPlatformAdmin />} />
      </Routes>,
      { route: '/platform/instansi/papua' },
    );
    await userEvent.type(await screen.findByLabelText('Issuer (URL penyedia identitas)'), 'http://idp/papua');
    await userEvent.type(screen.getByLabelText('Client secret'), 'rahasia');
    await userEvent.click(screen.getByRole('button', { name: 'Periksa dan hubungkan' }));
    expect(await screen.findByText(/Terhubung/)).toBeInTheDocument();
    const put = requestsOf(fetchMock).find((r) => r.method === 'PUT');
    expect(put?.url).toContain('/api/platform/offices/papua/idp');
    expect(await put?.json()).toEqual({ issuer: 'http://idp/papua', client_id: 'alur-papua', client_secret: 'rahasia' });
    expect(screen.getByLabelText('Client secret')).toHaveValue('');
    expect(screen.getByText(/Secret sudah tersimpan/)).toBeInTheDocument();
  });
});
