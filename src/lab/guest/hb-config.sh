# heartbeat's and ldirectord's configuration for one node of the heartbeat pair (hb.sh).
# Arguments: the directory to fill (a copy of /etc/ha.d) and the peer's address.
# hb-d1 prefers the one resource group: the VIP (IPaddr2) and ldirectord. ldirectord checks
# port 80 with quiescent=yes (a failed server gets weight 0) and 8080 with quiescent=no (a
# failed server is removed), both by TCP connect every 2 s.
set -eu
dir=$1
peer=$2
# udpport before the media lines; keepalive, deadtime, warntime, initdead in seconds.
cat > "$dir/ha.cf" <<CONF
logfile /var/lib/heartbeat/ha-log
udpport 694
ucast eth0 $peer
keepalive 1
warntime 2
deadtime 4
initdead 8
auto_failback off
crm no
node hb-d1
node hb-d2
CONF
printf 'auth 1\n1 crc\n' > "$dir/authkeys"
chmod 600 "$dir/authkeys"
echo 'hb-d1 IPaddr2::10.6.0.100/24/eth0 ldirectord::ldirectord.cf' > "$dir/haresources"
cat > "$dir/ldirectord.cf" <<CONF
checktimeout=3
checkinterval=2
autoreload=no
logfile="/run/ldirectord.log"
quiescent=yes
virtual=10.6.0.100:80
	real=10.6.0.21:80 gate 1
	real=10.6.0.22:80 gate 2
	scheduler=wrr
	protocol=tcp
	checktype=connect
virtual=10.6.0.100:8080
	real=10.6.0.21:8080 gate 3
	real=10.6.0.22:8080 gate 3
	scheduler=rr
	protocol=tcp
	checktype=connect
	quiescent=no
CONF
