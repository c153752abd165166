#!/usr/bin/env python3
"""A scripted client for `archc lsp`: drives whole sessions over the
server's standard input and output and checks every reply exactly.

Environment: ARCHC, the program (default ./archc). Exit status 0 when every
check passed, 1 otherwise; the first failure stops the run with a diff of
what was expected and what came.
"""

import json
import os
import queue
import re
import subprocess
import sys
import tempfile
import threading

ARCHC = os.environ.get("ARCHC", "./archc")
TIMEOUT = 30  # seconds to wait for one message


class Failure(Exception):
    pass


def utf16(text):
    """The length of text in UTF-16 code units, as the protocol counts."""
    return len(text.encode("utf-16-le")) // 2


def pos(lines, line, needle, nth=0):
    """The protocol position of the nth occurrence of needle on a line."""
    at = -1
    for _ in range(nth + 1):
        at = lines[line].index(needle, at + 1)
    return {"line": line, "character": utf16(lines[line][:at])}


def span(lines, line, needle, nth=0):
    start = pos(lines, line, needle, nth)
    end = dict(start, character=start["character"] + utf16(needle))
    return {"start": start, "end": end}


def frame(body):
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def expect(what, got, want):
    if got != want:
        raise Failure("%s:\n  expected %s\n  got      %s" % (
            what, json.dumps(want, ensure_ascii=False, sort_keys=True),
            json.dumps(got, ensure_ascii=False, sort_keys=True)))


class Server:
    """One `archc lsp` process and a thread reading its messages."""

    def __init__(self):
        self.proc = subprocess.Popen(
            [ARCHC, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE)
        self.messages = queue.Queue()
        self.stderr = b""
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.err_reader = threading.Thread(target=self._read_err, daemon=True)
        self.err_reader.start()
        self.next_id = 1

    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.rstrip(b"\r\n")
                if not line:
                    break
                name, _, value = line.partition(b":")
                headers[name.strip().lower()] = value.strip()
            body = out.read(int(headers[b"content-length"]))
            self.messages.put(json.loads(body))

    def _read_err(self):
        self.stderr = self.proc.stderr.read()

    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, msg):
        msg = dict(msg, jsonrpc="2.0")
        self.send_raw(frame(json.dumps(msg).encode()))

    def notify(self, method, params=None):
        msg = {"method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)

    def request(self, method, params=None):
        rid = self.next_id
        self.next_id += 1
        msg = {"id": rid, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        return rid

    def receive(self, what):
        try:
            msg = self.messages.get(timeout=TIMEOUT)
        except queue.Empty:
            raise Failure("%s: no message within %d s" % (what, TIMEOUT))
        if msg is None:
            raise Failure("%s: the server closed its output" % what)
        return msg

    def reply(self, rid, what):
        """The result of request rid; the reply must be the next message."""
        msg = self.receive(what)
        expect(what + " (the reply)", {k: msg.get(k) for k in ("jsonrpc", "id")},
               {"jsonrpc": "2.0", "id": rid})
        if "error" in msg:
            raise Failure("%s: error %s" % (what, json.dumps(msg["error"])))
        return msg["result"]

    def call(self, method, params, what):
        return self.reply(self.request(method, params), what)

    def error_reply(self, rid, code, message, what):
        msg = self.receive(what)
        want = {"jsonrpc": "2.0", "id": rid, "error": {"code": code, "message": message}}
        if message is None:  # text from the JSON parser: only its start is ours
            text = msg.get("error", {}).get("message", "")
            if not text.startswith("invalid JSON at line "):
                raise Failure("%s: unexpected message %r" % (what, text))
            want["error"]["message"] = text
        expect(what, msg, want)

    def diagnostics(self, uri, what):
        msg = self.receive(what)
        expect(what + " (the method)", msg.get("method"), "textDocument/publishDiagnostics")
        expect(what + " (the document)", msg["params"]["uri"], uri)
        return msg["params"]

    def finish(self, status, what):
        """Closes the input and checks the exit status and the log."""
        self.proc.stdin.close()
        try:
            code = self.proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise Failure("%s: the server did not exit" % what)
        self.reader.join(TIMEOUT)
        self.err_reader.join(TIMEOUT)
        rest = []
        while not self.messages.empty():
            m = self.messages.get()
            if m is not None:
                rest.append(m)
        expect(what + ": messages after the last one expected", rest, [])
        expect(what + ": exit status", code, status)
        log = self.stderr.decode("utf-8", "replace")
        bad = [l for l in log.splitlines() if not l.startswith("archc lsp: ")]
        expect(what + ": stderr lines that are not the server's log", bad, [])


def archc(*args, stdin=None):
    p = subprocess.run([ARCHC, *args], input=stdin, capture_output=True)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


# ---- the documents ----------------------------------------------------------

# Errors after non-ASCII text on the same line (columns differ between
# bytes and UTF-16 there), a name defined twice (with a note at the first
# definition) and an undefined name.
BROKEN = """network demo {
  input x: 1x28x28
  meta { task: "naïve 𝄞", classes: 0 }; c = conv(x, 0, 5)
  x = relu(c)
  output fc(missing, 10)
}
"""
# The same mistakes fixed, not in the canonical layout.
FIXED = """network demo {
  input x: 1x28x28
  meta { task: "naïve 𝄞", classes: 10 }; c = conv(x,20,5)   relu
  output fc(c, 10)
}
"""
# A kernel larger than its input: an error once the shape pass runs.
SHAPES = """block unit(in, n = 8) {
  h = conv(in, n, 3, pad: 1) relu
  return h
}

network shapes {
  input x: 1x8x8
  u = unit(x)
  k = conv(u, 4, 9)
  output fc(k, 10)
}
"""
SYNTAX = """network s {
  input x: 1x28x28
  y = conv(x, 8 3)
  output fc(y, 10)
}
"""

URI_A = "file:///work/demo.arch"
URI_B = "file:///work/shapes.arch"
URI_C = "file:///work/syntax.arch"

# A slice with two outputs, a meta block, and a network clean enough for the
# costs to be known: for the plain-text client's hovers and flat symbols.
SPLIT = """network split {
  meta { task: "classification", classes: 10 }
  input x: 3x8x8
  lo, hi = slice(x, points: [1])
  y = conv(hi, 4, 3, pad: 1) relu
  output fc(concat(lo, y), 10)
}
"""
URI_D = "file:///src/split.arch"


def gcc_diagnostics(text, name):
    """What `archc check` reports for text, in the protocol's terms (start
    positions only: the gcc format has no end), and whether it knew shapes."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        _, _, err = archc("check", "--diagnostics-format=gcc", path)
    out = []
    for line in err.splitlines():
        m = re.match(r"^.*?:(\d+):(\d+): (error|warning): (.*) \[([a-z0-9-]+)\]$", line)
        if m:
            out.append({"start": {"line": int(m[1]) - 1, "character": int(m[2]) - 1},
                        "severity": 1 if m[3] == "error" else 2,
                        "code": m[5], "message": m[4]})
    return out


def starts(diags):
    return [{"start": d["range"]["start"], "severity": d["severity"], "code": d["code"],
             "message": d["message"].split("\n")[0]} for d in diags]


def diag(rng, code, message, severity=1):
    return {"range": rng, "severity": severity, "code": code, "source": "archc",
            "message": message}


# ---- the sessions -------------------------------------------------------------

def main_session():
    s = Server()
    _, version, _ = archc("--version")
    result = s.call("initialize", {
        "processId": None, "rootUri": None,
        "capabilities": {"textDocument": {
            "hover": {"contentFormat": ["markdown", "plaintext"]},
            "documentSymbol": {"hierarchicalDocumentSymbolSupport": True}}}},
        "initialize")
    expect("initialize", result, {
        "capabilities": {
            "textDocumentSync": {"openClose": True, "change": 1,
                                 "save": {"includeText": False}},
            "hoverProvider": True, "definitionProvider": True,
            "documentSymbolProvider": True, "documentFormattingProvider": True},
        "serverInfo": {"name": "archc", "version": version.split()[1]}})
    s.notify("initialized", {})

    # Open the broken document: four errors, two after non-ASCII text.
    a = BROKEN.splitlines()
    s.notify("textDocument/didOpen", {"textDocument": {
        "uri": URI_A, "languageId": "arch", "version": 1, "text": BROKEN}})
    meta_zero = span(a, 2, "0")
    if meta_zero["start"]["character"] == a[2].encode().index(b"0"):
        raise Failure("the test document no longer tests UTF-16 columns")
    expect("diagnostics of the broken document", s.diagnostics(URI_A, "didOpen"), {
        "uri": URI_A, "version": 1, "diagnostics": [
            diag(meta_zero, "bad-meta", "'classes' must be an integer of at least 1"),
            diag(span(a, 2, "0", 1), "out-of-range",
                 "'features' of 'conv' must be at least 1, not 0"),
            dict(diag(span(a, 3, "x"), "duplicate-name", "'x' is defined twice"),
                 relatedInformation=[{"location": {"uri": URI_A, "range": span(a, 1, "x")},
                                      "message": "first defined here"}]),
            diag(span(a, 4, "missing"), "undefined-name", "undefined name 'missing'"),
        ]})

    # Fix it: the diagnostics become empty.
    s.notify("textDocument/didChange", {
        "textDocument": {"uri": URI_A, "version": 2},
        "contentChanges": [{"text": FIXED}]})
    expect("diagnostics after the fix", s.diagnostics(URI_A, "didChange"),
           {"uri": URI_A, "version": 2, "diagnostics": []})

    # The shape error, if this archc's check finds it.
    b = SHAPES.splitlines()
    s.notify("textDocument/didOpen", {"textDocument": {
        "uri": URI_B, "languageId": "arch", "version": 1, "text": SHAPES}})
    got = s.diagnostics(URI_B, "didOpen of the shape error")
    want = gcc_diagnostics(SHAPES, "shapes.arch")
    shapes_known = any(d["code"] == "kernel-too-large" for d in want)
    if shapes_known:
        expect("the shape error", starts(got["diagnostics"]), want)
        expect("the shape error's place", got["diagnostics"][0]["range"]["start"],
               pos(b, 8, "conv"))
    else:
        expect("diagnostics without a shape pass", got["diagnostics"], [])
    s.notify("textDocument/didChange", {
        "textDocument": {"uri": URI_B, "version": 2},
        "contentChanges": [{"text": SHAPES.replace("conv(u, 4, 9)", "conv(u, 4, 3)")}]})
    expect("diagnostics after fixing the kernel", s.diagnostics(URI_B, "didChange"),
           {"uri": URI_B, "version": 2, "diagnostics": []})

    # Hover: the conv layer after the non-ASCII string.
    f = FIXED.splitlines()
    value = ("**conv**: convolution (Caffe Convolution)\n\n`c.conv1`\n"
             "- features: 20, kernel: 5x5, stride: 1x1, pad: 0x0, dilation: 1x1, "
             "groups: 1, bias: true")
    if shapes_known:
        value += "\n- output: 20x24x24\n- params: 520, MACs: 288000"
    expect("hover on conv", s.call("textDocument/hover", {
        "textDocument": {"uri": URI_A}, "position": pos(f, 2, "conv")}, "hover"),
        {"contents": {"kind": "markdown", "value": value}, "range": span(f, 2, "conv")})
    expect("hover on a block parameter", s.call("textDocument/hover", {
        "textDocument": {"uri": URI_B}, "position": pos(b, 1, "n", 2)}, "hover"),
        {"contents": {"kind": "markdown", "value": "parameter `n` of block `unit`, default `8`"},
         "range": span(b, 1, "n", 2)})
    expect("hover on a block call", s.call("textDocument/hover", {
        "textDocument": {"uri": URI_B}, "position": pos(b, 7, "unit")}, "hover"),
        {"contents": {"kind": "markdown", "value":
                      "```arch\nblock unit(in, n = 8)\n```\n\nexpands to 2 layers here"},
         "range": span(b, 7, "unit")})
    # A tensor a block call made has no layer of its name: its value is the
    # instance's layer read outside it.
    value = ("tensor `u`: the result of block `unit` (2 layers)\n\n"
             "**relu**: rectified linear unit; leaky with a negative slope\n\n"
             "`u.h`\n- negative_slope: 0")
    if shapes_known:
        value += "\n- output: 8x8x8\n- params: 0, MACs: 0"
    expect("hover on a tensor a block call made", s.call("textDocument/hover", {
        "textDocument": {"uri": URI_B}, "position": pos(b, 8, "u,")}, "hover"),
        {"contents": {"kind": "markdown", "value": value}, "range": span(b, 8, "u")})
    expect("hover on nothing", s.call("textDocument/hover", {
        "textDocument": {"uri": URI_B}, "position": {"line": 4, "character": 0}}, "hover"),
        None)

    # Definition: uses to the names that define them.
    for what, uri, lines, use, name in [
            ("a tensor after non-ASCII text", URI_A, f, (2, "x,"), (1, "x", 0)),
            ("a tensor defined after non-ASCII text", URI_A, f, (3, "c,"), (2, "c", 1)),
            ("a block", URI_B, b, (7, "unit"), (0, "unit", 0)),
            ("a parameter", URI_B, b, (1, "n", 2), (0, "n", 2)),
            ("a name in a block", URI_B, b, (2, "h"), (1, "h", 0)),
            ("a name in the network", URI_B, b, (8, "u,"), (7, "u", 0))]:
        expect("definition of " + what, s.call("textDocument/definition", {
            "textDocument": {"uri": uri}, "position": pos(lines, *use)}, "definition"),
            {"uri": uri, "range": span(lines, *name)})
    expect("definition of an op", s.call("textDocument/definition", {
        "textDocument": {"uri": URI_B}, "position": pos(b, 8, "conv")}, "definition"), None)

    # Document symbols: the tree of the second document.
    def sym(name, kind, rng, sel, detail=None, children=None):
        d = {"name": name, "kind": kind, "range": rng, "selectionRange": sel}
        if detail is not None:
            d["detail"] = detail
        if children is not None:
            d["children"] = children
        return d

    def r(l0, c0, l1, c1):
        return {"start": {"line": l0, "character": c0}, "end": {"line": l1, "character": c1}}

    def line(n):
        return r(n, 2, n, len(b[n]))

    expect("documentSymbol", s.call("textDocument/documentSymbol", {
        "textDocument": {"uri": URI_B}}, "documentSymbol"), [
        sym("unit", 12, r(0, 0, 3, 1), span(b, 0, "unit"), "(in, n)", [
            sym("in", 26, span(b, 0, "in"), span(b, 0, "in")),
            sym("n", 26, span(b, 0, "n", 2), span(b, 0, "n", 2)),
            sym("h", 13, line(1), span(b, 1, "h"), "conv relu"),
            sym("return", 13, line(2), line(2), "h")]),
        sym("shapes", 2, r(5, 0, 10, 1), span(b, 5, "shapes"), "network", [
            sym("x", 13, line(6), span(b, 6, "x"), "input 1x8x8"),
            sym("u", 13, line(7), span(b, 7, "u"), "unit"),
            sym("k", 13, line(8), span(b, 8, "k"), "conv"),
            sym("output", 13, line(9), line(9), "output: fc")])])

    # Formatting: one edit to what `archc fmt` prints.
    _, canonical, _ = archc("fmt", "-", stdin=FIXED.encode())
    end = {"line": len(f), "character": 0}
    expect("formatting", s.call("textDocument/formatting", {
        "textDocument": {"uri": URI_A}, "options": {"tabSize": 8, "insertSpaces": True}},
        "formatting"), [{"range": {"start": {"line": 0, "character": 0}, "end": end},
                         "newText": canonical}])
    s.notify("textDocument/didChange", {
        "textDocument": {"uri": URI_A, "version": 3},
        "contentChanges": [{"text": canonical}]})
    expect("diagnostics of the formatted text", s.diagnostics(URI_A, "didChange"),
           {"uri": URI_A, "version": 3, "diagnostics": []})
    expect("formatting of formatted text", s.call("textDocument/formatting", {
        "textDocument": {"uri": URI_A}, "options": {"tabSize": 2, "insertSpaces": True}},
        "formatting"), [])

    # A document with a syntax error is not formatted.
    c = SYNTAX.splitlines()
    s.notify("textDocument/didOpen", {"textDocument": {
        "uri": URI_C, "languageId": "arch", "version": 7, "text": SYNTAX}})
    expect("diagnostics of the syntax error", s.diagnostics(URI_C, "didOpen"), {
        "uri": URI_C, "version": 7, "diagnostics": [
            diag(span(c, 2, "3"), "syntax-error",
                 "unexpected integer '3', expected ')' or ','")]})
    expect("formatting a document that does not parse", s.call("textDocument/formatting", {
        "textDocument": {"uri": URI_C}, "options": {"tabSize": 2, "insertSpaces": True}},
        "formatting"), None)
    s.notify("textDocument/didClose", {"textDocument": {"uri": URI_C}})
    expect("didClose clears the diagnostics", s.diagnostics(URI_C, "didClose"),
           {"uri": URI_C, "diagnostics": []})
    expect("hover in a closed document", s.call("textDocument/hover", {
        "textDocument": {"uri": URI_C}, "position": {"line": 0, "character": 0}}, "hover"),
        None)

    # Malformed messages: each gets its error, and the server goes on.
    s.send_raw(frame(b'{"jsonrpc": "2.0", "id": 500, "method": '))
    s.error_reply(None, -32700, None, "invalid JSON")
    s.send_raw(b"Content-Type: application/vscode-jsonrpc\r\n\r\n")
    s.error_reply(None, -32700, "bad message header: no Content-Length header",
                  "a header without Content-Length")
    s.send_raw(b"Content-Length: twelve\r\n\r\n")
    s.error_reply(None, -32700,
                  "bad message header: the Content-Length header is not a number",
                  "a Content-Length that is not a number")
    s.send_raw(frame(b"[1, 2]"))
    s.error_reply(None, -32600, "batches are not supported", "a batch")
    s.send_raw(frame(b'{"jsonrpc": "2.0", "id": 501}'))
    s.error_reply(501, -32600, "a request needs a 'method'", "a request without a method")
    s.send_raw(frame(b'{"id": 502, "method": "shutdown"}'))
    s.error_reply(502, -32600, "'jsonrpc' must be \"2.0\"", "a request without jsonrpc")
    s.send_raw(frame(b'{"jsonrpc": "2.0", "id": [1], "method": "shutdown"}'))
    s.error_reply(None, -32600, "'id' must be a number or a string", "an id that is a list")
    rid = s.request("textDocument/hover", {"position": {"line": 0, "character": 0}})
    s.error_reply(rid, -32602, "params.textDocument.uri is missing", "hover without a document")

    # Unknown methods: an error for a request, nothing for a notification.
    rid = s.request("textDocument/completion", {
        "textDocument": {"uri": URI_A}, "position": {"line": 0, "character": 0}})
    s.error_reply(rid, -32601, "unknown method 'textDocument/completion'", "an unknown request")
    rid = s.request("$/archc/unknown", {})
    s.error_reply(rid, -32601, "unknown method '$/archc/unknown'", "an unknown $/ request")
    s.notify("$/cancelRequest", {"id": rid})
    s.notify("workspace/didChangeConfiguration", {"settings": {}})
    s.notify("$/setTrace", {"value": "off"})
    expect("a request after ignored notifications", s.call("textDocument/definition", {
        "textDocument": {"uri": URI_A}, "position": {"line": 0, "character": 0}},
        "definition"), None)

    # Shutdown, then only exit.
    expect("shutdown", s.call("shutdown", None, "shutdown"), None)
    rid = s.request("textDocument/hover", {
        "textDocument": {"uri": URI_A}, "position": {"line": 0, "character": 0}})
    s.error_reply(rid, -32600, "the server is shut down; only 'exit' is accepted",
                  "a request after shutdown")
    s.notify("textDocument/didOpen", {"textDocument": {
        "uri": URI_C, "languageId": "arch", "version": 1, "text": SYNTAX}})
    s.notify("exit")
    s.finish(0, "shutdown then exit")


def uninitialized_session():
    """Requests before initialize fail; exit without shutdown gives 1."""
    s = Server()
    rid = s.request("textDocument/hover", {
        "textDocument": {"uri": URI_A}, "position": {"line": 0, "character": 0}})
    s.error_reply(rid, -32002, "the server is not initialized yet", "a request before initialize")
    s.notify("textDocument/didOpen", {"textDocument": {
        "uri": URI_A, "languageId": "arch", "version": 1, "text": BROKEN}})
    s.notify("exit")
    s.finish(1, "exit without shutdown")


def truncated_session():
    """Input that ends inside a message ends the server (status 1)."""
    s = Server()
    s.send_raw(b"Content-Length: 100\r\n\r\n{\"jsonrpc\": \"2.0\"")
    s.finish(1, "truncated input")


def plain_client_session():
    """A client with no capabilities: plain-text hovers and flat symbols;
    edits sent as ranges, and saves."""
    s = Server()
    rid = s.request("initialize")
    s.error_reply(rid, -32602, "'initialize' needs parameters", "initialize without parameters")
    s.call("initialize", {"processId": None, "rootUri": None, "capabilities": {}}, "initialize")
    rid = s.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    s.error_reply(rid, -32600, "'initialize' was already received", "a second initialize")
    s.notify("initialized", {})

    # Ignored, with a line in the log: the next message is the next reply.
    s.notify("textDocument/didOpen", {"textDocument": {"uri": URI_D, "version": 1}})
    s.notify("textDocument/didChange", {
        "textDocument": {"uri": URI_D, "version": 2}, "contentChanges": [{"text": SPLIT}]})

    d = SPLIT.splitlines()
    s.notify("textDocument/didOpen", {"textDocument": {
        "uri": URI_D, "languageId": "arch", "version": 1, "text": SPLIT}})
    expect("diagnostics of the split document", s.diagnostics(URI_D, "didOpen"),
           {"uri": URI_D, "version": 1, "diagnostics": []})

    def hover(line, needle, nth=0):
        return s.call("textDocument/hover", {
            "textDocument": {"uri": URI_D}, "position": pos(d, line, needle, nth)}, "hover")

    def plain(value, line, needle, nth=0):
        return {"contents": {"kind": "plaintext", "value": value},
                "range": span(d, line, needle, nth)}

    expect("hover on the network's name", hover(0, "split"),
           plain("network split: 6 layers\n- params: 3286, MACs: 7808", 0, "split"))
    slice_layer = ("slice: split along an axis at the given points; one output per piece\n\n"
                   "lo\n- points: [1], axis: c\n- outputs: 1x8x8, 2x8x8\n- params: 0, MACs: 0")
    expect("hover on the second output of a slice, used", hover(4, "hi"),
           plain("output 2 of 2 of lo\n\n" + slice_layer, 4, "hi"))
    expect("hover on the first output of a slice, where it is defined", hover(3, "lo"),
           plain("output 1 of 2 of lo\n\n" + slice_layer, 3, "lo"))
    expect("hover on a tensor", hover(5, "y"), plain(
        "relu: rectified linear unit; leaky with a negative slope\n\n"
        "y\n- negative_slope: 0\n- output: 4x8x8\n- params: 0, MACs: 0", 5, "y"))

    # Symbols without hierarchicalDocumentSymbolSupport: a flat list, each
    # with the name of its container.
    def info(name, kind, line, c0, c1, container=None, end_line=None):
        i = {"name": name, "kind": kind, "location": {"uri": URI_D, "range": {
            "start": {"line": line, "character": c0},
            "end": {"line": line if end_line is None else end_line, "character": c1}}}}
        if container:
            i["containerName"] = container
        return i

    expect("flat documentSymbol", s.call("textDocument/documentSymbol", {
        "textDocument": {"uri": URI_D}}, "documentSymbol"), [
        info("split", 2, 0, 0, 1, end_line=6),
        info("meta", 19, 1, 2, 46, "split"),
        info("task", 7, 1, 9, 31, "meta"),
        info("classes", 7, 1, 33, 44, "meta"),
        info("x", 13, 2, 2, 16, "split"),
        info("lo", 13, 3, 2, 32, "split"),
        info("hi", 13, 3, 2, 32, "split"),
        info("y", 13, 4, 2, 33, "split"),
        info("output", 13, 5, 2, 30, "split")])

    # Edits as ranges: one, then two in one notification, applied in order.
    s.notify("textDocument/didChange", {
        "textDocument": {"uri": URI_D, "version": 2},
        "contentChanges": [{"range": span(d, 4, "4"), "text": "0"}]})
    expect("diagnostics after a range edit", s.diagnostics(URI_D, "didChange"), {
        "uri": URI_D, "version": 2, "diagnostics": [
            diag(span(d, 4, "4"), "out-of-range", "'features' of 'conv' must be at least 1, not 0")]})
    s.notify("textDocument/didChange", {
        "textDocument": {"uri": URI_D, "version": 3},
        "contentChanges": [
            {"range": span(d, 4, "4"), "text": "6"},
            {"range": {"start": {"line": 6, "character": 0}, "end": {"line": 6, "character": 0}},
             "text": "  # six features\n"}]})
    expect("diagnostics after two range edits", s.diagnostics(URI_D, "didChange"),
           {"uri": URI_D, "version": 3, "diagnostics": []})
    expect("hover on the edited conv", hover(4, "conv"), plain(
        "conv: convolution (Caffe Convolution)\n\ny.conv1\n- features: 6, kernel: 3x3, "
        "stride: 1x1, pad: 1x1, dilation: 1x1, groups: 1, bias: true\n- output: 6x8x8\n"
        "- params: 114, MACs: 6912", 4, "conv"))
    # A range that ends before it starts is ignored (and logged).
    s.notify("textDocument/didChange", {
        "textDocument": {"uri": URI_D, "version": 4},
        "contentChanges": [{"range": {"start": {"line": 2, "character": 0},
                                      "end": {"line": 1, "character": 0}}, "text": "junk"}]})
    expect("diagnostics after a bad range", s.diagnostics(URI_D, "didChange"),
           {"uri": URI_D, "version": 4, "diagnostics": []})

    # didSave publishes the diagnostics again; with a text, of that text.
    s.notify("textDocument/didSave", {"textDocument": {"uri": URI_D}})
    expect("diagnostics after didSave", s.diagnostics(URI_D, "didSave"),
           {"uri": URI_D, "version": 4, "diagnostics": []})
    s.notify("textDocument/didSave", {"textDocument": {"uri": URI_D}, "text": "network n {\n}\n"})
    n = {"start": {"line": 0, "character": 8}, "end": {"line": 0, "character": 9}}
    expect("diagnostics after didSave with a text", s.diagnostics(URI_D, "didSave"), {
        "uri": URI_D, "version": 4, "diagnostics": [
            diag(n, "no-input", "network 'n' declares no input"),
            diag(n, "no-output", "network 'n' declares no output")]})

    expect("shutdown", s.call("shutdown", None, "shutdown"), None)
    s.notify("exit")
    s.finish(0, "shutdown then exit")
    log = s.stderr.decode("utf-8", "replace")
    for line in ("archc lsp: didOpen without textDocument.uri and .text; ignored",
                 "archc lsp: didChange for a document that is not open, or without changes; "
                 "ignored",
                 "archc lsp: didChange with a bad range; ignored"):
        if line not in log.splitlines():
            raise Failure("the log lacks %r; it is:\n%s" % (line, log))


def main():
    for session in (main_session, plain_client_session, uninitialized_session,
                    truncated_session):
        try:
            session()
        except Failure as e:
            print("FAIL: %s: %s" % (session.__name__, e))
            return 1
    print("lsp: all sessions passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
