# A director pair's LAN, beside the single-director lab (its own namespaces, its own bridge).
# Arguments: the bridge, the /24's first three octets, then NAME:HOST per namespace; names
# with `-rs` in them are DR real servers (the VIP, .100, on loopback). Without arguments, the
# keepalived pair (ha.sh):
#   lab-ha bridge (root ns, no address): one LAN for all of these
#   ha-a, ha-b    directors, 10.5.0.11/24 and 10.5.0.12/24, each with its own IPVS table
#   ha-rs1, ha-rs2  DR real servers 10.5.0.21/24, 10.5.0.22/24, VIP 10.5.0.100 on loopback
#   ha-client     10.5.0.2/24
# A DR real server must not answer ARP for the VIP it carries (arp_ignore=1, arp_announce=2),
# or it steals the VIP's traffic from the director.
set -eu
if [ $# -eq 0 ]; then set -- lab-ha 10.5.0 ha-a:11 ha-b:12 ha-rs1:21 ha-rs2:22 ha-client:2; fi
bridge=$1
net=$2
shift 2
ip link add "$bridge" type bridge
ip link set "$bridge" up
for ns in "$@"; do
  name=${ns%%:*}
  host=${ns##*:}
  ip netns add "$name"
  {
    echo "link add $name type veth peer name eth0 netns $name"
    echo "link set $name master $bridge up"
  } | ip -batch -
  {
    echo "link set lo up"
    echo "addr add $net.$host/24 dev eth0"
    echo "link set eth0 up"
  } | ip -n "$name" -batch -
  case $name in
  *-rs*)
    ip netns exec "$name" sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2 \
      net.ipv4.conf.eth0.arp_ignore=1 net.ipv4.conf.eth0.arp_announce=2
    ip -n "$name" addr add "$net.100/32" dev lo
    ;;
  esac
done
