/**
 * keepalived's VRRP dump (/tmp/keepalived.data, written on SIGUSR1): the one thing it has that
 * the JSON dump lacks is the current master's address, in the "VRRP Topology" section:
 *   VRRP Instance = VI_1
 *   Master router = 10.5.0.11        (only while this director is BACKUP)
 */

/** The master's address by VRRP instance name, for the instances that name one. */
export function parseMasterRouters(text: string): Map<string, string> {
  const masters = new Map<string, string>();
  let instance: string | undefined;
  for (const line of text.split('\n')) {
    const t = line.trim();
    const name = /^VRRP Instance = (\S+)/.exec(t);
    const master = /^Master router = (\S+)/.exec(t);
    if (name) instance = name[1];
    else if (instance && master) masters.set(instance, master[1] as string);
  }
  return masters;
}
