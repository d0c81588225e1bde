package main

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
)

// The Host header check of the dev server: a request must name the
// address it listens on, or a host given with -host.

// hostList is the value of -allow-host: hosts given by repeating the flag
// or separated by commas.
type hostList []string

func (l *hostList) String() string { return strings.Join(*l, ",") }

func (l *hostList) Set(v string) error {
	for _, h := range strings.Split(v, ",") {
		h = strings.TrimSpace(h)
		if h == "" {
			continue
		}
		if _, _, ok := parseHost(h); !ok {
			return fmt.Errorf("%q is not a host name or IP address, with or without a :port (IPv6 addresses go in brackets)", h)
		}
		*l = append(*l, h)
	}
	return nil
}

// hostPolicy decides which Host headers the dev server answers. A web page
// on another site can point its own name at 127.0.0.1 (DNS rebinding) and
// then read anything the server sends, as same-origin; only the Host
// header gives that away, so the server answers just the names it knows.
type hostPolicy struct {
	port  string // the port listened on
	anyIP bool   // listening on every address, so any IP address names this machine
	// allowed holds canonical hosts (see parseHost) with the port they
	// must come with; "" means none or the port listened on.
	allowed map[hostPort]bool
}

type hostPort struct{ host, port string }

// newHostPolicy allows localhost, 127.0.0.1, [::1] and the address
// listened on, each with the port listened on or none, and the hosts in
// extra, as -allow-host takes them. An IP address cannot be rebound, so
// when the server listens on every address any IP address is allowed
// too: that is how other machines reach it.
func newHostPolicy(addr net.Addr, extra []string) *hostPolicy {
	p := &hostPolicy{allowed: map[hostPort]bool{}}
	if tcp, ok := addr.(*net.TCPAddr); ok {
		p.port = strconv.Itoa(tcp.Port)
		if ip, ok := netip.AddrFromSlice(tcp.IP); ok {
			ip = ip.Unmap()
			p.anyIP = ip.IsUnspecified()
			p.allowed[hostPort{ip.String(), ""}] = true
		}
	}
	for _, h := range append([]string{"localhost", "127.0.0.1", "[::1]"}, extra...) {
		if host, port, ok := parseHost(h); ok {
			p.allowed[hostPort{host, port}] = true
		}
	}
	return p
}

// allows reports whether the server answers a request whose Host is
// host. Go's server has already put the host of an absolute request URI
// in place of the Host header, as RFC 9112 requires, so that is checked
// too.
func (p *hostPolicy) allows(host string) bool {
	h, port, ok := parseHost(host)
	switch {
	case !ok:
		return false
	case port != "" && p.allowed[hostPort{h, port}]:
		return true
	case port != "" && port != p.port:
		return false
	case p.allowed[hostPort{h, ""}]:
		return true
	}
	_, err := netip.ParseAddr(h)
	return p.anyIP && err == nil
}

// guard serves next only the requests whose Host p allows, the event
// stream and the reload script included; the rest get a 403 that says
// how to allow the name.
func (p *hostPolicy) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p.allows(r.Host) {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		msg := "handbook serve answers only for localhost and the address it listens on; the request names no host\n"
		if r.Host != "" {
			msg = fmt.Sprintf("handbook serve answers only for localhost and the address it listens on, not for %q; "+
				"to allow it, restart it with -allow-host\n", r.Host)
		}
		http.Error(w, msg, http.StatusForbidden)
	})
}

// parseHost splits a Host header or an -allow-host value into a canonical
// host (a lower-case name, or an IP address as netip prints it) and a
// port, "" when there is none. It is false for anything else: an empty
// host or port, IPv6 without brackets or with a zone, a name that is not
// plain ASCII labels (browsers send international names as punycode).
func parseHost(s string) (host, port string, ok bool) {
	name := s
	if i := strings.LastIndexByte(s, ':'); i >= 0 && !strings.HasSuffix(s, "]") {
		name, port = s[:i], s[i+1:]
		n, err := strconv.Atoi(port)
		if err != nil || n > 65535 || strings.Trim(port, "0123456789") != "" {
			return "", "", false
		}
		port = strconv.Itoa(n)
	}
	if inner, found := strings.CutPrefix(name, "["); found {
		inner, found = strings.CutSuffix(inner, "]")
		ip, err := netip.ParseAddr(inner)
		if !found || err != nil || !ip.Is6() || ip.Zone() != "" {
			return "", "", false
		}
		return ip.String(), port, true
	}
	if ip, err := netip.ParseAddr(name); err == nil {
		if !ip.Is4() {
			return "", "", false
		}
		return ip.String(), port, true
	}
	if !validHostName(name) {
		return "", "", false
	}
	return strings.ToLower(name), port, true
}

// validHostName reports whether s is a DNS name: dot-separated labels of
// ASCII letters, digits, hyphens and underscores.
func validHostName(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for _, c := range []byte(label) {
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}
