// CSV files shaped like a CRM export (mixed casing, extra columns, money and date formats,
// quoted commas and newlines), generated so any size can be tested.
import { stringify } from 'csv-stringify/sync';

export type ImportFixture = { accounts: string; products: string; offers: string; holdings: string; conversations: string; counts: Record<'accounts' | 'products' | 'offers' | 'holdings' | 'conversations', number> };

const PRODUCTS = ['Analytics', 'Support Plus', 'Training', 'Benchmarks', 'API Access', 'Data Export', 'Premium SLA', 'Onboarding'];
const MEDIUMS = ['Call', 'meeting', 'E-mail', 'chat', 'Visit', 'phone'];
const pad = (n: number) => String(n).padStart(5, '0');
const userId = (n: number) => `U0TEST${String(n % 25).padStart(3, '0')}`;

/** `accounts` accounts, ~1.5 holdings and `touchesPerAccount` conversations each. */
export function makeImportFixture(accounts: number, touchesPerAccount = 2): ImportFixture {
  const csv = (header: string[], rows: unknown[][]) => '\uFEFF' + stringify([header, ...rows], { record_delimiter: '\r\n' });
  const accountRows: unknown[][] = [];
  const holdingRows: unknown[][] = [];
  const touchRows: unknown[][] = [];
  for (let i = 0; i < accounts; i++) {
    const name = `Company ${pad(i)}, ${['GmbH', 'Inc.', 'Ltd', 'SA'][i % 4]}`;
    const ext = i % 2 === 0 ? `crm-${i}` : '';
    accountRows.push([name, i % 3 === 0 ? `Co ${pad(i)};C${pad(i)}` : '', userId(i), ['enterprise', 'smb', 'mid'][i % 3], i % 17 === 0 || i % 23 === 0 ? 'Churned' : 'active', ext, `note ${i}`, i % 5 === 0 ? `2022-0${(i % 9) + 1}-15` : '']);
    // holdings name the account by external id where it has one, else by name or alias
    const ref = ext || (i % 3 === 0 ? `co ${pad(i)}` : name.toUpperCase());
    const held = i % 2 === 0 ? 2 : 1;
    for (let h = 0; h < held; h++) {
      const product = PRODUCTS[(i + h * 3) % PRODUCTS.length]!;
      holdingRows.push([ref, product, h === 0 ? `$${(i % 90) + 10}.5k` : `${(i % 7) + 1},${String(i % 1000).padStart(3, '0')}`, `2023-${String((i % 12) + 1).padStart(2, '0')}-0${(h % 9) + 1}`, i % 23 === 0 ? '2024-06-30' : '', h === 1 && i % 4 === 0 ? `sub-${i}` : '']);
    }
    for (let t = 0; t < touchesPerAccount; t++) {
      const day = String(((i + t * 11) % 28) + 1).padStart(2, '0');
      touchRows.push([
        ref,
        t % 2 ? `2024-${String((t % 12) + 1).padStart(2, '0')}-${day}T09:${String(i % 60).padStart(2, '0')}:00Z` : `2024-0${(t % 9) + 1}-${day}`,
        MEDIUMS[(i + t) % MEDIUMS.length],
        ['give', 'ask', 'neutral'][(i + t) % 3],
        `Touch ${t} with ${name}: reviewed "usage", agreed next steps,\nand shared a benchmark`,
        ['positive', '', 'negative', 'neutral'][(i + t) % 4],
        t === touchesPerAccount - 1 ? 'Send proposal' : '',
        t === touchesPerAccount - 1 ? '2024-12-01' : '',
        i % 5 === 0 ? '' : userId(i + t),
        t % 3 === 0 ? `act-${i}-${t}` : '',
      ]);
    }
  }
  return {
    accounts: csv(['Name', 'Aliases', 'Owner', 'Segment', 'Status', 'External ID', 'Notes', 'Customer Since'], accountRows),
    products: csv(['Name', 'List MRR', 'Position'], PRODUCTS.map((p, i) => [p, i % 2 ? `$${i},200` : `${i * 100 + 99}`, i])),
    // every other offer without a kind: it is read from the words, as /tend offer add does
    offers: csv(['Product', 'Offer', 'Kind'], PRODUCTS.map((p, i) => [p, `Free ${i % 2 ? 'workshop' : 'usage review'} of ${p}`, i % 2 ? '' : 'review'])),
    holdings: csv(['Account', 'Product', 'MRR', 'Started At', 'Ended At', 'External ID'], holdingRows),
    conversations: csv(['Account', 'Occurred At', 'Medium', 'Kind', 'Summary', 'Sentiment', 'Next Step', 'Next Step Due', 'Member', 'External ID'], touchRows),
    counts: { accounts: accountRows.length, products: PRODUCTS.length, offers: PRODUCTS.length, holdings: holdingRows.length, conversations: touchRows.length },
  };
}
