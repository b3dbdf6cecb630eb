import { describe, expect, it } from 'vitest';
import { OriginCounter } from '../../../src/kernel/proc/syncOrigin.js';

// As the lab's backup director printed it (/proc/net/ip_vs_conn_sync).
const TABLE = `Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Origin Expires
TCP 0A050002 EB6C 0A050064 0050 0A050016 0050 ESTABLISHED SYNC       897
TCP 0A050002 EB78 0A050064 0050 0A050015 0050 ESTABLISHED SYNC       897
TCP 0A050002 EB68 0A050064 0050 0A050016 0050 ESTABLISHED LOCAL      897
`;

describe('OriginCounter', () => {
  it('counts SYNC and LOCAL entries, whatever the chunks', () => {
    for (const size of [1, 7, TABLE.length]) {
      const c = new OriginCounter();
      for (let i = 0; i < TABLE.length; i += size) c.push(TABLE.slice(i, i + size));
      expect(c.finish()).toEqual({ synced: 2, local: 1 });
    }
  });
});
