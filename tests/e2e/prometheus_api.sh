# Prometheus's HTTP API for the shell tests (sourced). Both fail, non-zero,
# when Prometheus does not answer or answers with an error.
#   prom_query PORT QUERY   a PromQL query's first value ("" when it has no result)
#   prom_firing PORT        the alerts firing now, as ALERT/JOB/INSTANCE words, sorted
# shellcheck shell=bash

prom_query() {  # port query
  python3 - "$1" "$2" <<'PY'
import json, sys, urllib.parse, urllib.request
url = "http://127.0.0.1:%s/api/v1/query?%s" % (sys.argv[1], urllib.parse.urlencode({"query": sys.argv[2]}))
data = json.load(urllib.request.urlopen(url, timeout=5))
assert data["status"] == "success", data
result = data["data"]["result"]
print(result[0]["value"][1] if result else "")
PY
}

prom_firing() {  # port
  python3 - "$1" <<'PY'
import json, sys, urllib.request
data = json.load(urllib.request.urlopen("http://127.0.0.1:%s/api/v1/alerts" % sys.argv[1], timeout=5))
assert data["status"] == "success", data
print(" ".join(sorted("%s/%s/%s" % (a["labels"]["alertname"], a["labels"].get("job", ""),
                                    a["labels"].get("instance", ""))
                      for a in data["data"]["alerts"] if a["state"] == "firing")))
PY
}
