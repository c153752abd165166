Content-Length: 253

{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "rootUri": null, "capabilities": {"textDocument": {"hover": {"contentFormat": ["markdown", "plaintext"]}, "documentSymbol": {"hierarchicalDocumentSymbolSupport": true}}}}}Content-Length: 12

{"jsonrpc":Content-Length: x

{}Content-Type: a

Content-Length: 48

{"jsonrpc": "2.0", "id": 5, "method": "no/such"}Content-Length: 6

[1, 2]Content-Length: 99

{"jsonrpc": "2.0", "id": 6, "method": "textDocument/hover", "params": {"textDocument": {"uri": 5}}}Content-Length: 36

{"jsonrpc": "2.0", "method": "exit"}