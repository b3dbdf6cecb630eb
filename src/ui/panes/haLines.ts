/**
 * The HA pane's lines, most wanted first: each VRRP instance and its VIPs, the checker's
 * verdict on each real server beside the kernel's weight, the sync daemons, then the newest
 * events. Warnings carry a `!` so that they read without colour.
 */
import { type HaInstance, type HaStatus, mismatchMessage } from '../../domain/ha.js';
import { plural } from '../../domain/labels.js';

export interface HaLine {
  text: string;
  kind: 'normal' | 'heading' | 'warn' | 'dim';
}

const two = (n: number): string => String(n).padStart(2, '0');

/** Local wall-clock time, HH:MM:SS. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** heartbeat's group: its state and heartbeat's word for it, the node it prefers, who holds it. */
function groupHead(i: HaInstance): HaLine[] {
  const holder = i.master ? `  held by ${i.master}` : '';
  return [
    {
      text: `${i.name} ${i.state} (rscstatus ${i.daemonState ?? '?'})  prefers ${i.preferredNode}${holder}`,
      kind: i.state === 'MASTER' || i.state === 'BACKUP' ? 'heading' : 'warn',
    },
    { text: `  resources ${i.resources.join(' ')}`, kind: 'dim' },
  ];
}

function vrrpHead(i: HaInstance): HaLine[] {
  const since = i.lastTransition === null ? '' : `  since ${clockTime(i.lastTransition)}`;
  const moving = i.wantState !== i.state ? ` -> ${i.wantState}` : '';
  const master = i.master ? `  master ${i.master}` : '';
  return [
    {
      text: `${i.name} ${i.state}${moving}  prio ${i.effectivePriority}/${i.priority}  vrid ${i.vrid} ${i.interface}${since} (${i.transitions} ${plural(i.transitions, 'change')})`,
      kind: i.state === 'FAULT' ? 'warn' : 'heading',
    },
    { text: `  adverts sent ${i.advertsSent} rcvd ${i.advertsReceived}${master}`, kind: 'dim' },
  ];
}

function instanceLines(s: HaStatus): HaLine[] {
  const lines: HaLine[] = [];
  for (const i of s.instances) {
    lines.push(...(i.preferredNode === null ? vrrpHead(i) : groupHead(i)));
    for (const v of i.vipPresence) {
      // A MASTER must hold its VIPs and a BACKUP must not: anything else is a warning.
      const wrong = v.present !== (i.state === 'MASTER');
      lines.push({
        text: `  VIP ${v.vip} ${v.present ? 'present' : 'absent'}${wrong ? ' !' : ''}`,
        kind: wrong ? 'warn' : 'normal',
      });
    }
  }
  return lines;
}

function checkLines(s: HaStatus): HaLine[] {
  if (s.checks.length === 0) return [];
  const lines: HaLine[] = [
    { text: 'checker: server                  state  check      kernel w  conf w', kind: 'dim' },
  ];
  for (const c of s.checks) {
    const kernel = c.kernelWeight === null ? '-' : String(c.kernelWeight);
    const state = (c.up ? 'up' : 'DOWN').padEnd(5);
    const server = `${c.service.replace(/^\w+ /, '')} ${c.server}`.padEnd(32);
    lines.push({
      text: `  ${server} ${state}  ${c.checkers.join(',').padEnd(9)}  ${kernel.padStart(8)}  ${String(c.weight).padStart(6)}`,
      kind: c.up ? 'normal' : 'warn',
    });
    if (c.mismatch) lines.push({ text: `    ! ${mismatchMessage(c.mismatch, s.daemon)}`, kind: 'warn' });
  }
  return lines;
}

const secs = (ms: number | null): string => (ms === null ? '?' : `${ms / 1000} s`);

/** heartbeat's nodes (this one marked) and its timers. */
function clusterLines(s: HaStatus): HaLine[] {
  if (!s.cluster) return [];
  const c = s.cluster;
  const nodes = c.nodes.map((n) => `${n.name}${n.local ? ' (this node)' : ''} ${n.status}`).join(', ');
  return [
    { text: `nodes: ${nodes || 'unknown'}`, kind: c.nodes.some((n) => n.status === 'dead') ? 'warn' : 'normal' },
    { text: `  keepalive ${secs(c.keepaliveMs)}  deadtime ${secs(c.deadtimeMs)}`, kind: 'dim' },
  ];
}

function ldirectordLines(s: HaStatus): HaLine[] {
  if (!s.ldirectord) return [];
  const ld = s.ldirectord;
  const running = ld.pid === null ? ', not running here' : '';
  return [
    { text: `ldirectord checks (${ld.config}${running}):`, kind: 'dim' },
    ...ld.services.map((v) => ({
      text: `  ${v.service} ${v.checkType}${v.checkService ? ` ${v.checkService}` : ''} every ${v.checkInterval} s, ${v.quiescent ? 'quiescent' : 'removes'}: ${v.servers.join(' ')}`,
      kind: 'normal' as const,
    })),
  ];
}

function syncLines(s: HaStatus): HaLine[] {
  const daemons = s.syncDaemons.map((d) => `${d.state} ${d.mcastInterface} id ${d.syncId}`).join(', ');
  const synced = s.syncedEntries === null ? '' : `  entries synced ${s.syncedEntries}, local ${s.localEntries}`;
  return [{ text: `sync: ${daemons || 'none'}${synced}`, kind: 'normal' }];
}

/** Everything the pane shows, events newest first. */
export function haLines(s: HaStatus | undefined, events: readonly { at: number; text: string }[]): HaLine[] {
  if (!s) return [{ text: 'reading…', kind: 'dim' }];
  const head: HaLine[] =
    s.daemon === null ? [{ text: 'no HA daemon (keepalived, heartbeat, ldirectord)', kind: 'dim' }] : [];
  const log: HaLine[] = [
    { text: events.length ? 'events:' : 'events: none yet', kind: 'dim' },
    ...[...events].reverse().map((e) => ({ text: `  ${clockTime(e.at)} ${e.text}`, kind: 'normal' as const })),
  ];
  return [
    ...head,
    ...instanceLines(s),
    ...clusterLines(s),
    ...checkLines(s),
    ...ldirectordLines(s),
    ...syncLines(s),
    ...log,
  ];
}

/** The pane title's setting: which daemon, its pid. */
export function haTitle(s: HaStatus | undefined): string {
  if (!s?.daemon) return '';
  return `${s.daemon} pid ${s.pid}`;
}
