/**
 * What one scrape reads from the director, by the groups asked for: the HA daemon first (keepalived writes
 * a weight to the kernel before its dump calls the server down, so the table read after agrees with the
 * dump, as for `list --json`), then the IPVS table, the `net.ipv4.vs.*` settings, the connection table
 * (only for conn-states, and then for the doctor too: one read), and the doctor over these same reads.
 * Only the table's failure fails the read; another part's failure is named, the rest still exported.
 */

import { diagnose } from '../doctor/diagnose.js';
import { DoctorGatherer } from '../doctor/gather.js';
import type { HaDaemonName } from '../doctor/types.js';
import { attributeConnections } from '../domain/attribution.js';
import { haStatus } from '../domain/ha.js';
import { errorLine } from '../errors.js';
import { IpvsClient } from '../kernel/ipvs/client.js';
import { readHa } from '../kernel/keepalived/haReading.js';
import { readConnTable } from '../kernel/proc/connTable.js';
import type { ConnTableSummary } from '../kernel/proc/types.js';
import { readSnapshot } from '../kernel/sources.js';
import { readIpvsSysctls } from '../kernel/sysctl.js';
import type { CollectGroup } from '../output/metrics/ipvsMetrics.js';
import type { PartSource, ScrapeRead, TableReader } from './exporterScrape.js';

/** Netlink requests time out before the scrape does. */
const NETLINK_TIMEOUT_MS = 5_000;

/**
 * One netlink socket kept between scrapes; after a failure a new one. The family is found without loading
 * ip_vs: a scrape on a director whose IPVS was removed says `ipvs_up 0` rather than loading it again.
 * The doctor's gatherer is kept too: it reads only the kernel log's new records each time.
 */
export class KernelReader implements TableReader {
  private client: IpvsClient | undefined;
  private gatherer: DoctorGatherer | undefined;
  /** The HA daemon seen running before: its stop is a doctor's finding. */
  private haSeen: HaDaemonName | undefined;

  constructor(private readonly groups: ReadonlySet<CollectGroup>) {}

  async read(): Promise<ScrapeRead> {
    const failed: Partial<Record<PartSource, string>> = {};
    const wantsHa = this.groups.has('ha') || this.groups.has('doctor');
    const reading = wantsHa ? await readHa(false) : undefined;
    const snap = await this.table();
    const out: ScrapeRead = { snap, failed };
    if (this.groups.has('settings')) out.sysctls = await readIpvsSysctls();
    if (reading) {
      this.haSeen = reading.daemon ?? this.haSeen;
      const ha = haStatus(reading, snap.services, snap.daemons);
      if (ha.error) failed.ha = ha.error;
      if (this.groups.has('ha')) out.ha = ha;
    }
    let conns: ConnTableSummary | null = null;
    if (this.groups.has('conn-states')) {
      try {
        conns = await readConnTable();
        out.conns = attributeConnections(snap.services, conns);
      } catch (e) {
        failed.conns = errorLine(e);
      }
    }
    if (this.groups.has('doctor')) {
      try {
        this.gatherer ??= new DoctorGatherer();
        const input = await this.gatherer.gather(snap.services, { conns, ha: reading, haSeen: this.haSeen });
        out.findings = diagnose(input);
      } catch (e) {
        failed.doctor = errorLine(e);
      }
    }
    return out;
  }

  private async table() {
    try {
      this.client ??= await IpvsClient.open({ timeoutMs: NETLINK_TIMEOUT_MS, loadModule: false });
      return await readSnapshot(this.client);
    } catch (e) {
      this.client?.close();
      this.client = undefined;
      throw e;
    }
  }

  async close(): Promise<void> {
    this.client?.close();
    this.client = undefined;
    await this.gatherer?.close();
  }
}
