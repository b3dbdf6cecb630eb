# The lab's live IPVS table: NAT services that the traffic generator uses.
# One `ipvsadm -R` (a process start costs the guest about 0.2 s).
set -eu
# While a service has no real server yet, a client's new connection makes the kernel log "no destination
# available", which ipvstop doctor reports for an hour: the client's routes to the VIPs are blackholed
# meanwhile, unless a test holds them so already (then they stay as they are).
unhold=()
if [ -e /run/netns/client ]; then
  for net in -4/192.0.2.0/24 -6/2001:db8:192::/48; do
    if [ -z "$(ip -n client "${net%%/*}" route show type blackhole "${net#*/}")" ]; then
      ip -n client "${net%%/*}" route add blackhole "${net#*/}"
      unhold+=("$net")
    fi
  done
fi
trap 'for net in "${unhold[@]}"; do ip -n client "${net%%/*}" route del blackhole "${net#*/}"; done' EXIT
{
  echo "-C"
  echo "-A -t 192.0.2.1:80 -s rr"
  echo "-A -u 192.0.2.1:53 -s wrr"
  echo "-A -t 192.0.2.2:80 -s wlc -p 60 -M 255.255.255.0"
  echo "-A -t [2001:db8:192::1]:80 -s lc"
  for n in 1 2 3; do
    echo "-a -t 192.0.2.1:80 -r 198.51.100.1$n:80 -m -w $n"
    echo "-a -u 192.0.2.1:53 -r 198.51.100.1$n:53 -m"
    echo "-a -t 192.0.2.2:80 -r 198.51.100.1$n:80 -m"
    echo "-a -t [2001:db8:192::1]:80 -r [2001:db8:198::1$n]:80 -m"
  done
  # A quiesced server and one with thresholds, so the monitor has them to show. The thresholds are
  # above what the traffic keeps there (~80 entries, most in TIME_WAIT): a server held at its upper
  # threshold would be a fault in the clean lab (ipvstop doctor warns of it).
  echo "-e -t 192.0.2.2:80 -r 198.51.100.13:80 -m -w 0"
  echo "-e -t 192.0.2.1:80 -r 198.51.100.13:80 -m -w 3 -x 5000 -y 1000"
} | ipvsadm -R
# A well-kept director (ipvstop doctor finds nothing above info in the clean lab): clients of a removed
# server reconnect at once, and persistence templates do not pin clients to the quiesced server above.
# Here, after ipvsadm has loaded IPVS (its settings come and go with the module).
sysctl -qw net.ipv4.vs.expire_nodest_conn=1 net.ipv4.vs.expire_quiescent_template=1
