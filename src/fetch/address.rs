//! Which addresses a page may make Zhaji fetch from: public ones only, unless the page itself
//! is local. Checked on the addresses a host name resolves to (a public name can point at
//! 127.0.0.1), by a resolver that ureq asks at every connection, redirects included.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// True if and only if `ip` is an address on the internet: not loopback, private (RFC 1918,
/// IPv6 unique local), link-local, shared (100.64/10), unspecified, broadcast, multicast or
/// documentation.
pub fn is_public_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return public_v4(v4);
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || v6 == Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0)
                || (first == 0x2001 && v6.segments()[1] == 0xdb8))
        }
    }
}

fn public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b)))
}

/// True when the URI's host is an IP address that is not public (no lookup).
pub(crate) fn is_local_literal(uri: &Uri) -> bool {
    let host = uri.host().unwrap_or("").trim_start_matches('[').trim_end_matches(']');
    host.parse::<IpAddr>().is_ok_and(|ip| !is_public_ip(ip))
}

/// True when the URI's host is a name for this computer by its form (`localhost`,
/// `x.localhost`: RFC 6761), with no lookup.
pub(crate) fn is_local_name(uri: &Uri) -> bool {
    let host = uri.host().unwrap_or("").trim_end_matches('.').to_ascii_lowercase();
    host == "localhost" || host.ends_with(".localhost")
}

/// True when the URI's host is local: a non-public address, or a name any of whose addresses
/// is one (`localhost`). A name that does not resolve counts as not local.
pub(crate) fn is_local_host(uri: &Uri) -> bool {
    if is_local_literal(uri) {
        return true;
    }
    let Some(host) = uri.host() else { return false };
    let port = uri.port_u16().unwrap_or(80);
    match (host, port).to_socket_addrs() {
        Ok(addrs) => addrs.into_iter().any(|a| !is_public_ip(a.ip())),
        Err(_) => false,
    }
}

/// The system's resolver, with a name that does not resolve reported as such (ureq gives the
/// system's own words in an I/O error), and, with `public_only`, only public addresses given (the
/// proxy's own are let through: the reader chose the proxy): it records there when it refused a
/// host for having none.
#[derive(Debug)]
pub(crate) struct Lookup {
    public_only: Option<Arc<AtomicBool>>,
}

impl Lookup {
    pub(crate) fn new(public_only: Option<Arc<AtomicBool>>) -> Lookup {
        Lookup { public_only }
    }
}

impl Resolver for Lookup {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let all = match DefaultResolver::default().resolve(uri, config, timeout) {
            Err(ureq::Error::Io(_)) => return Err(ureq::Error::HostNotFound),
            other => other?,
        };
        let is_proxy = config.proxy().is_some_and(|p| Some(p.host()) == uri.host());
        let Some(refused) = self.public_only.as_ref().filter(|_| !is_proxy) else {
            return Ok(all);
        };
        let mut public = self.empty();
        for addr in all.iter().filter(|a| is_public_ip(a.ip())) {
            public.push(*addr);
        }
        if public.is_empty() {
            refused.store(true, Ordering::SeqCst);
            return Err(ureq::Error::HostNotFound);
        }
        Ok(public)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_and_private_addresses_are_not_public() {
        for local in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:192.168.0.1",
        ] {
            assert!(!is_public_ip(local.parse().unwrap()), "{local}");
        }
        for public in ["1.1.1.1", "203.119.1.1", "172.32.0.1", "2400:3200::1"] {
            assert!(is_public_ip(public.parse().unwrap()), "{public}");
        }
        let uri: Uri = "http://[::1]:8080/a.png".parse().unwrap();
        assert!(is_local_literal(&uri));
        let uri: Uri = "http://localhost:8080/".parse().unwrap();
        assert!(is_local_host(&uri) && is_local_name(&uri));
        let uri: Uri = "http://admin.LOCALHOST./".parse().unwrap();
        assert!(is_local_name(&uri));
        let uri: Uri = "http://localhost.example.cn/".parse().unwrap();
        assert!(!is_local_name(&uri));
    }
}
