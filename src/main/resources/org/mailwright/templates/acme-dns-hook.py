#!/usr/bin/python3
# Written by Mailwright. certbot's --manual-auth-hook / --manual-cleanup-hook for the ACME DNS-01 challenge (RFC 8555
# 8.4) at a DNS provider Debian has no certbot plugin for: deSEC and Hetzner DNS. Usage: acme-dns-hook auth|cleanup;
# certbot sets CERTBOT_DOMAIN and CERTBOT_VALIDATION. The provider and its API token are read from CONFIG (0600 root):
#   provider = desec | hetzner
#   token = ...
#   api = https://...          (optional: another endpoint, for tests)
#   propagation = 60           (optional: seconds to wait after writing, before the CA looks)
# Only the standard library: the server has python3 because certbot needs it.
import json, os, sys, time, urllib.error, urllib.parse, urllib.request

CONFIG = "{{config}}"
APIS = {"desec": "https://desec.io/api/v1", "hetzner": "https://dns.hetzner.com/api/v1"}


def config(path):
    out = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                k, v = line.split("=", 1)
                out[k.strip()] = v.strip()
    return out


def call(cfg, method, path, body=None):
    url = path if path.startswith("http") else cfg["api"] + path
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Accept", "application/json")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if cfg["provider"] == "desec":
        req.add_header("Authorization", "Token " + cfg["token"])
    else:
        req.add_header("Auth-API-Token", cfg["token"])
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            text = r.read().decode()
            return (json.loads(text) if text.strip() else None), r.headers
    except urllib.error.HTTPError as e:
        # the provider's own words, never the token
        sys.exit("%s refused %s %s: HTTP %d %s" % (cfg["provider"], method, urllib.parse.urlsplit(url).path, e.code,
                                                  e.read().decode(errors="replace")[:300]))


def candidates(name):
    labels = name.rstrip(".").split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)]


def desec_zone(cfg, name):
    for zone in candidates(name):
        try:
            call(cfg, "GET", "/domains/%s/" % zone)
            return zone
        except SystemExit as e:
            if "HTTP 404" not in str(e):
                raise
    sys.exit("deSEC has no domain for %s" % name)


def hetzner_zone(cfg, name):
    for zone in candidates(name):
        body, _ = call(cfg, "GET", "/zones?name=" + urllib.parse.quote(zone))
        for z in (body or {}).get("zones", []):
            if z.get("name") == zone:
                return z["id"], zone
    sys.exit("Hetzner DNS has no zone for %s" % name)


def relative(name, zone):
    return name[: -len(zone) - 1] if name != zone else "@"


def main():
    action = sys.argv[1]
    cfg = config(sys.argv[2] if len(sys.argv) > 2 else CONFIG)
    cfg.setdefault("api", APIS[cfg["provider"]])
    name = "_acme-challenge." + os.environ["CERTBOT_DOMAIN"].rstrip(".")
    value = os.environ["CERTBOT_VALIDATION"]
    if cfg["provider"] == "desec":
        zone = desec_zone(cfg, name)
        sub = relative(name, zone)
        # one RRset per challenge name; records [] removes it (deSEC rrsets.html, bulk PATCH)
        records = ['"%s"' % value] if action == "auth" else []
        call(cfg, "PATCH", "/domains/%s/rrsets/" % zone, [{"subname": sub, "type": "TXT", "ttl": 3600, "records": records}])
    else:
        zone_id, zone = hetzner_zone(cfg, name)
        sub = relative(name, zone)
        if action == "auth":
            call(cfg, "POST", "/records", {"zone_id": zone_id, "type": "TXT", "name": sub, "value": '"%s"' % value, "ttl": 60})
        else:
            page = 1
            while True:
                body, _ = call(cfg, "GET", "/records?zone_id=%s&page=%d&per_page=100" % (zone_id, page))
                for r in (body or {}).get("records", []):
                    if r.get("type") == "TXT" and r.get("name") == sub and value in r.get("value", ""):
                        call(cfg, "DELETE", "/records/%s" % r["id"])
                last = ((body or {}).get("meta", {}).get("pagination", {}) or {}).get("last_page", page)
                if page >= last:
                    break
                page += 1
    if action == "auth":
        time.sleep(int(cfg.get("propagation", "60")))


if __name__ == "__main__":
    main()
