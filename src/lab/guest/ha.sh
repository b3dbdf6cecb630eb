# Starts the HA pair (ha-topology.sh): real servers, keepalived on both directors, the client.
# Everything keepalived needs is under $HA_RUN: configuration, pid files, and per service
# `ha-rsN-PORT.pid` of the real servers (kill one to fail its health check).
# ha-a (priority 150) becomes MASTER, ha-b (100) BACKUP.
set -eu
G="$LAB_REPO/src/lab/guest"
HA_RUN=/run/ipvstop-ha
mkdir -p "$HA_RUN"
echo "ipvstop-lab: building the HA pair (two directors running keepalived)" > /dev/console
bash "$G/ha-topology.sh"
for n in 1 2; do
  for port in 80 8080; do
    ip netns exec "ha-rs$n" node "$G/ha-server.mjs" "$port" >/dev/null 2>&1 &
    echo $! > "$HA_RUN/ha-rs$n-$port.pid"
  done
done
for d in ha-a:150 ha-b:100; do
  name=${d%%:*}
  bash "$G/ha-keepalived.sh" "$name" "${d##*:}" > "$HA_RUN/$name.conf"
  # Each its own /tmp, as on two machines: keepalived writes its dumps to fixed names there.
  unshare --mount --propagation private sh -c 'mount -t tmpfs tmpfs /tmp && exec "$@"' keepalived \
    keepalived -s "$name" -f "$HA_RUN/$name.conf" -p "$HA_RUN/$name.pid" \
    -r "$HA_RUN/$name-vrrp.pid" -c "$HA_RUN/$name-check.pid"
done
ip netns exec ha-client node "$G/ha-client.mjs" >/dev/null 2>&1 &
echo $! > "$HA_RUN/ha-client.pid"
