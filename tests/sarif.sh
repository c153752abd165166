#!/bin/sh
# Validates the SARIF that `archc lint --diagnostics-format=sarif` writes
# for the examples, a file with errors and fix-its, standard input and a
# file that cannot be read: the structure SARIF 2.1.0 requires, checked
# with python3's json module (every property of the objects archc writes
# must be one the schema allows; required properties, types, enums,
# positions, indices). The official schema is not shipped with archc (its
# licence does not clearly allow redistribution); point SARIF_SCHEMA at a
# copy of sarif-schema-2.1.0.json to validate against it as well (needs
# the python3 jsonschema module).
# Runs with $ARCHC and $srcdir set by make check; exits 77 without python3.
set -u

archc=${ARCHC:-./archc}
srcdir=${srcdir:-.}
if ! command -v python3 >/dev/null 2>&1; then
  echo "sarif: python3 not found; skipped" >&2
  exit 77
fi

tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

cat > "$tmp/mixed.arch" <<'EOF'
# archc: disable-file=pool-1x2
network mixed {
  input x: 3x32x32
  c = conv(x, 8, 3) batchnorm -> scale(bias: true) relu
  p = c -> maxpool(2, stride: 2) relu -> maxpool(1)
  block b(in) {
    return conv(in, 8, 3, stride: 4)
  }
  output fc(concat(b(p)), 10)
}
EOF
cat > "$tmp/errors.arch" <<'EOF'
network broken {
  input x: 1x8x8
  output fc(y, 10) rleu
}
EOF
printf 'network n {\n  meta { source: "caf\303\251 \360\237\230\200" }; input x: 1x8x8; output y = x -> maxpool(1)\n}\n' \
  > "$tmp/utf8.arch"

fail=0
# Runs archc on the arguments and checks the log; returns 1 on failure.
run() {
  name=$1
  shift
  # Warnings alone exit 0, errors 1; either way the log must be valid.
  "$archc" lint --diagnostics-format=sarif "$@" > "$tmp/$name.sarif" 2> "$tmp/$name.err"
  status=$?
  if [ $status -gt 1 ] || [ -s "$tmp/$name.err" ]; then
    echo "sarif: $name: archc exited $status" >&2
    cat "$tmp/$name.err" >&2
    return 1
  fi
  python3 - "$tmp/$name.sarif" "$name" <<'PY' 
import json, sys, os
from urllib.parse import urlsplit

path, name = sys.argv[1], sys.argv[2]
errors = []

def err(where, msg):
    errors.append("%s: %s" % (where, msg))

# The properties SARIF 2.1.0 allows on the objects archc writes.
ALLOWED = {
    "log": {"$schema", "version", "runs", "inlineExternalProperties", "properties"},
    "run": {"tool", "invocations", "conversion", "language", "versionControlProvenance",
            "originalUriBaseIds", "artifacts", "logicalLocations", "graphs", "results",
            "automationDetails", "runAggregates", "baselineGuid", "redactionTokens",
            "defaultEncoding", "defaultSourceLanguage", "newlineSequences", "columnKind",
            "externalPropertyFileReferences", "threadFlowLocations", "taxonomies", "addresses",
            "translations", "policies", "webRequests", "webResponses", "specialLocations",
            "properties"},
    "driver": {"guid", "name", "organization", "product", "productSuite", "shortDescription",
               "fullDescription", "fullName", "version", "semanticVersion",
               "dottedQuadFileVersion", "releaseDateUtc", "downloadUri", "informationUri",
               "globalMessageStrings", "notifications", "rules", "taxa", "locations",
               "language", "contents", "isComprehensive", "localizedDataSemanticVersion",
               "minimumRequiredLocalizedDataSemanticVersion", "associatedComponent",
               "translationMetadata", "supportedTaxonomies", "properties"},
    "rule": {"id", "deprecatedIds", "guid", "deprecatedGuids", "name", "deprecatedNames",
             "shortDescription", "fullDescription", "messageStrings", "defaultConfiguration",
             "helpUri", "help", "relationships", "properties"},
    "result": {"ruleId", "ruleIndex", "rule", "kind", "level", "message", "analysisTarget",
               "locations", "guid", "correlationGuid", "occurrenceCount", "partialFingerprints",
               "fingerprints", "stacks", "codeFlows", "graphs", "graphTraversals",
               "relatedLocations", "suppressions", "baselineState", "rank", "attachments",
               "hostedViewerUri", "workItemUris", "provenance", "fixes", "taxa", "webRequest",
               "webResponse", "properties"},
    "location": {"id", "physicalLocation", "logicalLocations", "message", "annotations",
                 "relationships", "properties"},
    "physicalLocation": {"address", "artifactLocation", "region", "contextRegion", "properties"},
    "artifactLocation": {"uri", "uriBaseId", "index", "description", "properties"},
    "region": {"startLine", "startColumn", "endLine", "endColumn", "charOffset", "charLength",
               "byteOffset", "byteLength", "snippet", "message", "sourceLanguage", "properties"},
    "message": {"text", "markdown", "id", "arguments", "properties"},
    "fix": {"description", "artifactChanges", "properties"},
    "artifactChange": {"artifactLocation", "replacements", "properties"},
    "replacement": {"deletedRegion", "insertedContent", "properties"},
    "artifactContent": {"text", "binary", "rendered", "properties"},
    "artifact": {"description", "location", "parentIndex", "offset", "length", "roles",
                 "mimeType", "contents", "encoding", "sourceLanguage", "hashes",
                 "lastModifiedTimeUtc", "properties"},
    "invocation": {"commandLine", "arguments", "responseFiles", "startTimeUtc", "endTimeUtc",
                   "exitCode", "ruleConfigurationOverrides", "notificationConfigurationOverrides",
                   "toolExecutionNotifications", "toolConfigurationNotifications",
                   "exitCodeDescription", "exitSignalName", "exitSignalNumber",
                   "processStartFailureMessage", "executionSuccessful", "machine", "account",
                   "processId", "executableLocation", "workingDirectory",
                   "environmentVariables", "stdin", "stdout", "stderr", "stdoutStderr",
                   "properties"},
    "notification": {"locations", "message", "level", "threadId", "timeUtc", "exception",
                     "descriptor", "associatedRule", "properties"},
    "configuration": {"enabled", "level", "rank", "parameters", "properties"},
}
LEVELS = {"none", "note", "warning", "error"}

def obj(where, o, kind, required=()):
    if not isinstance(o, dict):
        err(where, "not an object")
        return False
    extra = set(o) - ALLOWED[kind]
    if extra:
        err(where, "properties a %s may not have: %s" % (kind, sorted(extra)))
    for r in required:
        if r not in o:
            err(where, "missing " + r)
    return True

def absolute_uri(where, u):
    if not isinstance(u, str) or not urlsplit(u).scheme or not urlsplit(u).netloc:
        err(where, "not an absolute URI: %r" % (u,))

def message(where, m):
    if obj(where, m, "message") and not isinstance(m.get("text"), str):
        err(where, "message without text")

def positive(where, o, key):
    v = o.get(key)
    if not isinstance(v, int) or isinstance(v, bool) or v < 1:
        err(where, "%s is not an integer >= 1: %r" % (key, v))
        return 0
    return v

def region(where, r):
    if not obj(where, r, "region"):
        return
    sl, sc = positive(where, r, "startLine"), positive(where, r, "startColumn")
    el, ec = positive(where, r, "endLine"), positive(where, r, "endColumn")
    if (el, ec) < (sl, sc):
        err(where, "region ends before it starts")

def artifact_location(where, a, nartifacts):
    if not obj(where, a, "artifactLocation"):
        return
    if "uri" not in a and "description" not in a:
        err(where, "artifact location with neither uri nor description")
    if "uri" in a:
        u = a["uri"]
        if not isinstance(u, str) or any(c in u for c in ' <>"{}|\\^`') or not u.isascii():
            err(where, "uri is not a URI reference: %r" % (u,))
    if "description" in a:
        message(where + ".description", a["description"])
    i = a.get("index")
    if not isinstance(i, int) or not 0 <= i < nartifacts:
        err(where, "index %r is not an index of run.artifacts" % (i,))

def physical(where, p, nartifacts, need_region):
    if not obj(where, p, "physicalLocation", ["artifactLocation"]):
        return
    artifact_location(where + ".artifactLocation", p["artifactLocation"], nartifacts)
    if "region" in p:
        region(where + ".region", p["region"])
    elif need_region:
        err(where, "no region")

try:
    with open(path, encoding="utf-8") as f:
        log = json.load(f)
except (OSError, ValueError) as e:
    print("sarif: %s: not JSON: %s" % (name, e), file=sys.stderr)
    sys.exit(1)

if obj("log", log, "log", ["version", "runs"]):
    if log.get("version") != "2.1.0":
        err("log", "version is not 2.1.0")
    absolute_uri("log.$schema", log.get("$schema"))
    runs = log.get("runs")
    if not isinstance(runs, list) or len(runs) != 1:
        err("log", "not exactly one run")
        runs = []
    for run in runs:
        if not obj("run", run, "run", ["tool"]):
            continue
        if run.get("columnKind") != "utf16CodeUnits":
            err("run", "columnKind is not utf16CodeUnits")
        driver = run.get("tool", {}).get("driver")
        rules = []
        if obj("driver", driver, "driver", ["name", "version", "rules"]):
            if driver.get("name") != "archc":
                err("driver", "name is not archc")
            rules = driver.get("rules") or []
        ids = []
        for i, rule in enumerate(rules):
            w = "rules[%d]" % i
            if not obj(w, rule, "rule", ["id", "shortDescription", "help"]):
                continue
            ids.append(rule["id"])
            message(w + ".shortDescription", rule["shortDescription"])
            message(w + ".help", rule["help"])
            if rule["id"] not in rule["help"].get("text", ""):
                err(w, "help does not name the rule's section")
            conf = rule.get("defaultConfiguration", {})
            if obj(w + ".defaultConfiguration", conf, "configuration") and \
                    conf.get("level") not in LEVELS:
                err(w, "bad default level")
        if len(set(ids)) != len(ids):
            err("rules", "a rule is listed twice")
        artifacts = run.get("artifacts", [])
        for i, a in enumerate(artifacts):
            if obj("artifacts[%d]" % i, a, "artifact"):
                loc = a.get("location", {})
                if obj("artifacts[%d].location" % i, loc, "artifactLocation") and "index" in loc:
                    err("artifacts[%d]" % i, "an artifact's own location has an index")
        if len({json.dumps(a, sort_keys=True) for a in artifacts}) != len(artifacts):
            err("artifacts", "an artifact is listed twice")
        for i, res in enumerate(run.get("results", [])):
            w = "results[%d]" % i
            if not obj(w, res, "result", ["message"]):
                continue
            message(w + ".message", res["message"])
            if res.get("level") not in LEVELS:
                err(w, "bad level %r" % (res.get("level"),))
            if "ruleId" in res:
                k = res.get("ruleIndex")
                if not isinstance(k, int) or not 0 <= k < len(ids) or ids[k] != res["ruleId"]:
                    err(w, "ruleIndex does not match ruleId")
            locs = res.get("locations", [])
            if len(locs) != 1:
                err(w, "not exactly one location")
            for j, loc in enumerate(locs):
                if obj("%s.locations[%d]" % (w, j), loc, "location", ["physicalLocation"]):
                    physical("%s.locations[%d]" % (w, j), loc["physicalLocation"],
                             len(artifacts), False)
            seen = set()
            for j, rl in enumerate(res.get("relatedLocations", [])):
                ww = "%s.relatedLocations[%d]" % (w, j)
                if not obj(ww, rl, "location", ["id", "physicalLocation", "message"]):
                    continue
                if not isinstance(rl["id"], int) or rl["id"] in seen:
                    err(ww, "id is not a distinct integer")
                seen.add(rl["id"])
                physical(ww, rl["physicalLocation"], len(artifacts), True)
                message(ww + ".message", rl["message"])
            for j, fix in enumerate(res.get("fixes", [])):
                ww = "%s.fixes[%d]" % (w, j)
                if not obj(ww, fix, "fix", ["artifactChanges"]):
                    continue
                message(ww + ".description", fix.get("description", {"text": ""}))
                changes = fix["artifactChanges"]
                if not isinstance(changes, list) or not changes:
                    err(ww, "no artifact changes")
                    continue
                for c in changes:
                    if not obj(ww, c, "artifactChange", ["artifactLocation", "replacements"]):
                        continue
                    artifact_location(ww, c["artifactLocation"], len(artifacts))
                    if not c["replacements"]:
                        err(ww, "no replacements")
                    for rep in c["replacements"]:
                        if obj(ww, rep, "replacement", ["deletedRegion"]):
                            region(ww + ".deletedRegion", rep["deletedRegion"])
                            if "insertedContent" in rep:
                                obj(ww, rep["insertedContent"], "artifactContent", ["text"])
        for i, inv in enumerate(run.get("invocations", [])):
            w = "invocations[%d]" % i
            if obj(w, inv, "invocation", ["executionSuccessful"]):
                for n in inv.get("toolExecutionNotifications", []):
                    if obj(w, n, "notification", ["message"]):
                        message(w, n["message"])

schema = os.environ.get("SARIF_SCHEMA")
if schema:
    try:
        import jsonschema
    except ImportError:
        print("sarif: SARIF_SCHEMA is set but python3 has no jsonschema", file=sys.stderr)
        sys.exit(1)
    with open(schema, encoding="utf-8") as f:
        s = json.load(f)
    for e in jsonschema.validators.validator_for(s)(s).iter_errors(log):
        err("schema", "%s at %s" % (e.message, list(e.absolute_path)))

for e in errors[:20]:
    print("sarif: %s: %s" % (name, e), file=sys.stderr)
sys.exit(1 if errors else 0)
PY
}

(cd "$tmp" && run mixed mixed.arch) || fail=1
(cd "$tmp" && run errors errors.arch no-such-file.arch) || fail=1
run stdin - < "$tmp/utf8.arch" || fail=1
run absolute "$tmp/utf8.arch" || fail=1
run examples "$srcdir"/examples/*.arch || fail=1

# The columns count UTF-16 code units: 'é' is one, the emoji two.
if ! grep -q '"startColumn": 63' "$tmp/stdin.sarif"; then
  echo "sarif: stdin: the warning's column is not 63 in UTF-16 code units" >&2
  fail=1
fi
exit $fail
