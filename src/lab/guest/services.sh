# The lab's live IPVS table: NAT services that the traffic generator uses.
set -eu
ipvsadm -C
ipvsadm -A -t 192.0.2.1:80 -s rr
ipvsadm -A -u 192.0.2.1:53 -s wrr
ipvsadm -A -t 192.0.2.2:80 -s wlc -p 60 -M 255.255.255.0
ipvsadm -A -t [2001:db8:192::1]:80 -s lc
for n in 1 2 3; do
  ipvsadm -a -t 192.0.2.1:80 -r 198.51.100.1$n:80 -m -w $n
  ipvsadm -a -u 192.0.2.1:53 -r 198.51.100.1$n:53 -m
  ipvsadm -a -t 192.0.2.2:80 -r 198.51.100.1$n:80 -m
  ipvsadm -a -t [2001:db8:192::1]:80 -r [2001:db8:198::1$n]:80 -m
done
# A quiesced server and one with thresholds, so the monitor has them to show.
ipvsadm -e -t 192.0.2.2:80 -r 198.51.100.13:80 -m -w 0
ipvsadm -e -t 192.0.2.1:80 -r 198.51.100.13:80 -m -w 3 -x 50 -y 10
