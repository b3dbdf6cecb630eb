# keepalived's configuration for one director of the HA pair.
# Arguments: the director's name (ha-a or ha-b) and its VRRP priority.
# One VRRP instance VI_1 holds the VIP; the sync daemon follows it; TCP checks on port 80, HTTP
# checks on 8080.
set -eu
cat <<CONF
global_defs {
  router_id $1
  lvs_sync_daemon eth0 VI_1 id 51
}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority $2
  advert_int 1
  virtual_ipaddress {
    10.5.0.100/24 dev eth0
  }
}
virtual_server 10.5.0.100 80 {
  delay_loop 2
  lb_algo wrr
  lb_kind DR
  protocol TCP
  real_server 10.5.0.21 80 {
    weight 1
    TCP_CHECK {
      connect_timeout 2
      retry 1
    }
  }
  real_server 10.5.0.22 80 {
    weight 2
    TCP_CHECK {
      connect_timeout 2
      retry 1
    }
  }
}
virtual_server 10.5.0.100 8080 {
  # A failed server keeps its place in IPVS with weight 0 instead of being removed.
  delay_loop 2
  lb_algo rr
  lb_kind DR
  protocol TCP
  real_server 10.5.0.21 8080 {
    weight 3
    inhibit_on_failure
    HTTP_GET {
      url {
        path /
        status_code 200
      }
      connect_timeout 2
      retry 1
    }
  }
  real_server 10.5.0.22 8080 {
    weight 3
    inhibit_on_failure
    HTTP_GET {
      url {
        path /
        status_code 200
      }
      connect_timeout 2
      retry 1
    }
  }
}
CONF
