import { describe, expect, it } from 'vitest';

import { drillHref, filtersFrom, paramsFrom, query } from './cases';

describe('case search filters', () => {
  it("a chart's bar opens the cases open in the figures' period, not only those started", () => {
    const href = drillHref({ sop: 's1' }, '003-02 Surat', { start: '2026-10-01', end: '2026-12-31' });
    const params = new URLSearchParams(href.split('?')[1]);
    const filters = filtersFrom(params);
    expect(filters).toMatchObject({
      scope: 'all',
      sop: 's1',
      start: '2026-10-01',
      end: '2026-12-31',
      during: true,
      label: '003-02 Surat',
    });
    expect(query(filters)).toMatchObject({ during: true, sop_id: 's1', start: '2026-10-01' });
  });

  it('keeps a typed period to cases started in it, and round-trips through the URL', () => {
    const filters = filtersFrom(new URLSearchParams('start=2026-11-01&q=surat'));
    expect(filters.during).toBe(false);
    expect(paramsFrom(filters).toString()).toBe('q=surat&start=2026-11-01');
    expect(filtersFrom(paramsFrom({ ...filters, during: true })).during).toBe(true);
  });
});
